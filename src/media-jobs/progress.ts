export type MediaStage = 'probing' | 'processing' | 'finalizing' | 'done';

/** The progress of a media job: produced by the pipeline, saved by workers, streamed by SSE, drawn by the CLI. */
export interface MediaProgress {
  stage: MediaStage;
  /** 0..1 over the whole job. */
  progress: number;
  /** Seconds left, from the rate over the last few seconds; null until there is a rate. */
  etaSeconds: number | null;
  /** Outputs finished so far, of `outputsTotal`. */
  outputsDone: number;
  outputsTotal: number;
}

const WINDOW_MS = 5_000;

/**
 * Turns "seconds of media written by the current step" into one 0..1 over the job: each output
 * weighs what it costs (seconds of input it decodes × how heavy the work is).
 */
export class MediaProgressTracker {
  private done = 0;
  private current = 0;
  private outputsDone = 0;
  private stage: MediaStage = 'probing';
  private lastEmit = 0;
  private readonly samples: Array<{ t: number; p: number }> = [];

  constructor(
    private readonly weights: readonly number[],
    private readonly listener: ((p: MediaProgress) => void) | undefined,
    private readonly intervalMs = 200,
  ) {}

  private get total(): number {
    return this.weights.reduce((a, b) => a + b, 0) || 1;
  }

  setStage(stage: MediaStage): void {
    this.stage = stage;
    this.emit(true);
  }

  /** Fraction (0..1) of the output at `index` done. */
  step(index: number, fraction: number): void {
    this.current = (this.weights[index] ?? 0) * Math.min(1, Math.max(0, fraction));
    this.emit(false);
  }

  outputDone(index: number): void {
    this.done += this.weights[index] ?? 0;
    this.current = 0;
    this.outputsDone++;
    this.emit(true);
  }

  snapshot(): MediaProgress {
    const progress = this.stage === 'done' ? 1 : Math.min(0.99, (this.done + this.current) / this.total);
    return { stage: this.stage, progress, etaSeconds: this.stage === 'done' ? 0 : this.eta(progress), outputsDone: this.outputsDone, outputsTotal: this.weights.length };
  }

  private eta(progress: number): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.t - first.t < 500 || last.p <= first.p) return null;
    const rate = (last.p - first.p) / (last.t - first.t);
    return Math.round(((1 - progress) / rate / 1000) * 10) / 10;
  }

  private emit(force: boolean): void {
    const now = performance.now();
    const p = (this.done + this.current) / this.total;
    this.samples.push({ t: now, p });
    while (this.samples.length > 2 && now - this.samples[0]!.t > WINDOW_MS) this.samples.shift();
    if (!this.listener || (!force && now - this.lastEmit < this.intervalMs)) return;
    this.lastEmit = now;
    this.listener(this.snapshot());
  }
}
