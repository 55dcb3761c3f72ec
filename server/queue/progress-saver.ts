import type { RenderProgress } from '../../src/render/progress.ts';

/**
 * Saves engine progress without ever letting a slow Redis hold up the render: at most one save
 * in flight, only the newest waiting snapshot kept, stage changes never skipped for a newer
 * frame count, and at most one save per `intervalMs` otherwise.
 */
export class ProgressSaver<P extends { stage: string } = RenderProgress> {
  private pending: P | undefined;
  private inFlight: Promise<void> | undefined;
  private lastSaved = 0;
  private lastStage: P['stage'] | undefined;

  constructor(
    private readonly save: (progress: P) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 250,
  ) {}

  push(progress: P): void {
    const stageChanged = progress.stage !== this.lastStage;
    if (!stageChanged && Date.now() - this.lastSaved < this.intervalMs) {
      this.pending = progress;
      return;
    }
    this.lastStage = progress.stage;
    this.pending = progress;
    this.drain();
  }

  private drain(): void {
    if (this.inFlight || !this.pending) return;
    const next = this.pending;
    this.pending = undefined;
    this.lastSaved = Date.now();
    this.inFlight = this.save(next)
      .catch(this.onError)
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending && Date.now() - this.lastSaved >= this.intervalMs) this.drain();
      });
  }

  /** Waits for the save in flight and writes the newest snapshot, if any. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.pending) {
      const last = this.pending;
      this.pending = undefined;
      await this.save(last).catch(this.onError);
    }
  }
}
