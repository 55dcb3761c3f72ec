import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { describeHugePages, readHugePages } from '../src/render/huge-pages.ts';

/** Resident memory of one process, in MB (VmRSS). */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

/** Resident memory of a process and all its descendants (Chromium, FFmpeg), in MB. */
export function treeRssMb(root: number): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of rows) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const rss = new Map(rows.map(([pid, , kb]) => [pid, kb]));
  let total = 0;
  for (const stack = [root]; stack.length; ) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total / 1024;
}

/** Samples the resident memory of this process and all its descendants (Chromium, FFmpeg). */
export function startRssSampler(intervalMs = 250): { stop: () => { peakTreeRssMb: number; peakNodeRssMb: number } } {
  let peakTree = 0;
  let peakNode = 0;
  const sample = () => {
    peakNode = Math.max(peakNode, process.memoryUsage().rss / 1024 / 1024);
    try {
      peakTree = Math.max(peakTree, treeRssMb(process.pid));
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
      return { peakTreeRssMb: Math.round(peakTree), peakNodeRssMb: Math.round(peakNode) };
    },
  };
}

/**
 * The machine in one line, with the two things that move capture's CPU most between machines of
 * one kind: the host's THP setting (a quarter) and what a fresh page of memory costs. Chromium
 * maps ~30 MB of fresh memory for every 1080p frame it reads back; on an ordinary VM a page fault
 * costs under a microsecond, but on some instances of the project's 2-core VMs it costs 12–20 µs,
 * which nearly triples a capture's CPU (BENCHMARKS.md, "What a fresh page costs").
 */
export function machine(): string {
  return `${os.cpus().length}x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB, node ${process.version}, ${describeHugePages(readHugePages())}, fresh page ${freshPageMicros()} µs`;
}

let freshPageCache: number | undefined;

/**
 * Microseconds the kernel takes to hand this process one fresh 4 KB page: the median of five
 * 8 MB WebAssembly memories (each a fresh mapping), touched once per page, less the same touches
 * on memory already mapped. Measured once per process.
 */
export function freshPageMicros(): number {
  if (freshPageCache !== undefined) return freshPageCache;
  const pages = 2048;
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const bytes = new Uint8Array(new WebAssembly.Memory({ initial: (pages * 4096) / 65536 }).buffer);
    const touch = (value: number): number => {
      const start = process.hrtime.bigint();
      for (let page = 0; page < pages; page++) bytes[page * 4096] = value;
      return Number(process.hrtime.bigint() - start);
    };
    const fresh = touch(1);
    const mapped = touch(2);
    samples.push((fresh - mapped) / pages / 1000);
  }
  samples.sort((a, b) => a - b);
  freshPageCache = round(samples[2]!, 2);
  return freshPageCache;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The fields every bench's JSON line starts with: which bench, when, on what, under what load. */
export function benchHead(bench: string): { bench: string; date: string; machine: string; load: number[] } {
  return { bench, date: new Date().toISOString(), machine: machine(), load: os.loadavg().map((l) => round(l)) };
}

/** /proc/<pid>/stat counts CPU time in clock ticks of 1/100 s on Linux. */
const TICK_MS = 10;

export type CpuSplit = Record<string, number>;

/**
 * CPU milliseconds used so far by `root` and its descendants, by Chromium process type
 * (`browser`, `renderer`, `gpu-process`, `utility`; anything without `--type=` counts as
 * `browser`), and their minor page faults (fresh memory the kernel had to map and zero). Read
 * from /proc; processes that already ended are not counted.
 */
export function processTreeCounters(root: number): { cpuMs: CpuSplit; minorFaults: CpuSplit } {
  const parent = new Map<number, number>();
  const info = new Map<number, { ms: number; faults: number; type: string }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${d}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      info.set(Number(d), { ms: (Number(f[11]) + Number(f[12])) * TICK_MS, faults: Number(f[7]), type });
    } catch {
      // The process ended while we read.
    }
  }
  const cpuMs: CpuSplit = {};
  const minorFaults: CpuSplit = {};
  for (const [pid, { ms, faults, type }] of info) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        cpuMs[type] = (cpuMs[type] ?? 0) + ms;
        minorFaults[type] = (minorFaults[type] ?? 0) + faults;
        break;
      }
    }
  }
  return { cpuMs, minorFaults };
}

/** CPU milliseconds of `root`'s process tree by Chromium process type (see processTreeCounters). */
export function cpuByProcessType(root: number): CpuSplit {
  return processTreeCounters(root).cpuMs;
}

/** CPU milliseconds of this process's children that have exited and been waited for (FFmpeg runs). */
export function exitedChildrenCpuMs(): number {
  const s = readFileSync('/proc/self/stat', 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * TICK_MS;
}

/** Busy and total jiffies of the whole machine (/proc/stat), to compute how busy it was between two reads. */
export function machineCpuTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle + iowait
  return { busy: total - fields[3]! - fields[4]!, total };
}
