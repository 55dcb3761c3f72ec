import { execFileSync } from 'node:child_process';

/** PIDs of processes whose parent chain includes `ancestor` and whose command matches. */
export function descendantsMatching(ancestor: number, pattern: RegExp): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const rows = out
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      return m ? { pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! } : undefined;
    })
    .filter((r): r is NonNullable<typeof r> => r !== undefined);
  const parent = new Map(rows.map((r) => [r.pid, r.ppid]));
  const isDescendant = (pid: number) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === ancestor) return true;
    return false;
  };
  return rows.filter((r) => isDescendant(r.pid) && pattern.test(r.args)).map((r) => r.pid);
}

/** Chromium or FFmpeg processes started (directly or not) by this test process. */
export function renderChildren(): number[] {
  return descendantsMatching(process.pid, /chromium|ffmpeg/);
}

/** Whether a process still exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
