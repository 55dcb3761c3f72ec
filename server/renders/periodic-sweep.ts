import type { Logger } from '../observability/logger.ts';

/**
 * A housekeeping pass run every `intervalMs` (renders' and media jobs' retention): never two
 * passes at once in this process, a failed pass logged and retried at the next tick, and the
 * timer never keeps the process alive. `stop()` waits for a pass under way.
 */
export abstract class PeriodicSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  protected constructor(
    private readonly sweepLogger: Logger,
    /** The warning a failed pass is logged with. */
    private readonly failure: string,
    protected readonly intervalMs: number,
  ) {}

  /** One pass. */
  abstract sweepOnce(now?: number): Promise<unknown>;

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepOnce()
        .catch((error: unknown) => this.sweepLogger.warn({ err: error }, this.failure))
        .finally(() => {
          this.running = undefined;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
