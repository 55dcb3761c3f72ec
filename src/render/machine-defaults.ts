import os from 'node:os';

/** What the defaults below are chosen from. */
export interface MachineShape {
  cores: number;
  memoryBytes: number;
}

export function currentMachine(): MachineShape {
  return { cores: os.availableParallelism(), memoryBytes: os.totalmem() };
}

/**
 * Peak resident memory of one 1080p render with two pages, Chromium and FFmpeg included
 * (bench/render.ts measured ~830 MB per render; rounded up).
 */
export const MEMORY_PER_RENDER_BYTES = 1024 ** 3;

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/**
 * Browser pages per render (the engine's `concurrency`): half the cores, 2 to 8. Two pages hide a
 * capture's ~50 ms latency even on 2 cores; past 8, one x264 encoder is the limit.
 */
export function defaultPageConcurrency(m: MachineShape = currentMachine()): number {
  return clamp(Math.floor(m.cores / 2), 2, 8);
}

/**
 * Renders a worker process runs at once: half the cores (at least 2), and no more than fit in
 * memory at ~1 GB each. Two at least, because a render alternates between phases that leave the
 * CPU idle (set-up, the encoder's tail, the upload) and a second render fills them: on 2 cores
 * this took short videos from 5.1 s to 3.2 s each.
 */
export function defaultWorkerConcurrency(m: MachineShape = currentMachine()): number {
  const byCores = clamp(Math.ceil(m.cores / 2), 2, 32);
  const byMemory = Math.max(1, Math.floor(m.memoryBytes / MEMORY_PER_RENDER_BYTES));
  return Math.min(byCores, byMemory);
}
