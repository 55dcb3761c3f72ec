import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Samples the resident memory of this process and all its descendants (Chromium, FFmpeg). */
export function startRssSampler(intervalMs = 250): { stop: () => { peakTreeRssMb: number; peakNodeRssMb: number } } {
  let peakTree = 0;
  let peakNode = 0;
  const sample = () => {
    peakNode = Math.max(peakNode, process.memoryUsage().rss);
    try {
      const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' });
      const rows = out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
      const children = new Map<number, number[]>();
      for (const [pid, ppid] of rows) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      const rss = new Map(rows.map(([pid, , r]) => [pid, r]));
      let total = 0;
      const stack = [process.pid];
      while (stack.length) {
        const pid = stack.pop()!;
        total += (rss.get(pid) ?? 0) * 1024;
        stack.push(...(children.get(pid) ?? []));
      }
      peakTree = Math.max(peakTree, total);
    } catch {
      // ps missing: only the Node figure is reported.
    }
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakTreeRssMb: Math.round(peakTree / 1024 / 1024), peakNodeRssMb: Math.round(peakNode / 1024 / 1024) };
    },
  };
}

export function machine(): string {
  return `${os.cpus().length}x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB, node ${process.version}`;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
