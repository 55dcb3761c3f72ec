import { execFileSync, type ChildProcess } from 'node:child_process';

/**
 * Every process as pid, parent and command line. Throws when `ps` cannot be run or answers
 * nothing: a "no leaked process" check must fail when it cannot look, never pass.
 */
export function processTable(): Array<{ pid: number; ppid: number; args: string }> {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = out
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      return m ? { pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! } : undefined;
    })
    .filter((r): r is NonNullable<typeof r> => r !== undefined);
  // ps always lists at least itself and this process.
  if (!rows.some((r) => r.pid === process.pid)) throw new Error(`ps did not list this process (${process.pid}): cannot check for leaked processes`);
  return rows;
}

/** PIDs of processes whose parent chain includes `ancestor` and whose command matches. */
export function descendantsMatching(ancestor: number, pattern: RegExp): number[] {
  const rows = processTable();
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
  } catch (error) {
    // EPERM means it exists but is not ours; only ESRCH means gone.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return true;
    throw error;
  }
}

/**
 * The Studio URL a `framewright studio` child prints, once it prints it; rejects with everything
 * it said when it exits first.
 */
export function studioUrlOf(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Framewright Studio: (http:\/\/127\.0\.0\.1:\d+\/studio\/)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before serving:\n${output}`)));
  });
}
