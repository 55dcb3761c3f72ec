export type RenderStage = 'bundling' | 'preparing' | 'rendering' | 'finalizing' | 'done';

/** The one progress shape: produced here, saved by workers, streamed by SSE, drawn by the CLI. */
export interface RenderProgress {
  stage: RenderStage;
  renderedFrames: number;
  encodedFrames: number;
  totalFrames: number;
  /** 0..1 over the whole render. */
  progress: number;
  /** Seconds left, from the rolling frame rate; null until there is a rate. */
  etaSeconds: number | null;
}

export type ProgressListener = (progress: RenderProgress) => void;

const STAGE_BASE: Record<RenderStage, number> = { bundling: 0, preparing: 0.02, rendering: 0.05, finalizing: 0.97, done: 1 };
const WINDOW_MS = 5_000;

/** Tracks frame counts and emits progress at most every `intervalMs` (and on every stage change). */
export class ProgressTracker {
  private stage: RenderStage = 'bundling';
  private rendered = 0;
  private encoded = 0;
  private lastEmit = 0;
  private readonly samples: Array<{ t: number; encoded: number }> = [];

  constructor(
    private readonly totalFrames: number,
    private readonly listener: ProgressListener | undefined,
    private readonly intervalMs = 100,
  ) {}

  setStage(stage: RenderStage): void {
    this.stage = stage;
    this.emit(true);
  }

  frameRendered(): void {
    this.rendered++;
    this.emit(false);
  }

  frameEncoded(): void {
    this.encoded++;
    this.emit(false);
  }

  snapshot(): RenderProgress {
    const { stage, totalFrames } = this;
    const base = STAGE_BASE[stage];
    const progress =
      stage === 'rendering' ? base + (STAGE_BASE.finalizing - base) * (totalFrames ? this.encoded / totalFrames : 1) : base;
    return {
      stage,
      renderedFrames: this.rendered,
      encodedFrames: this.encoded,
      totalFrames,
      progress: Math.min(1, Math.max(0, progress)),
      etaSeconds: stage === 'done' ? 0 : this.eta(),
    };
  }

  private eta(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.t - first.t < 250 || last.encoded === first.encoded) return null;
    const fps = ((last.encoded - first.encoded) * 1000) / (last.t - first.t);
    return Math.round(((this.totalFrames - this.encoded) / fps) * 10) / 10;
  }

  private emit(force: boolean): void {
    const now = performance.now();
    this.samples.push({ t: now, encoded: this.encoded });
    while (this.samples.length > 2 && now - this.samples[0]!.t > WINDOW_MS) this.samples.shift();
    if (!this.listener || (!force && now - this.lastEmit < this.intervalMs)) return;
    this.lastEmit = now;
    this.listener(this.snapshot());
  }
}
