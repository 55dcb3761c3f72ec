import type { Project } from '../../src/bundle/project.ts';
import { renderStill, type RenderStillResult, type StillOptionsInput } from '../../src/render/render-still.ts';
import type { RenderHost } from '../../src/render/render-host.ts';

/**
 * Synchronous stills from the process's warm browser. A small semaphore bounds how many run at
 * once, so a burst of still requests cannot starve the renders sharing the same cores.
 */
export class StillRenderer {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly project: Project,
    private readonly host: RenderHost,
    private readonly concurrency: number,
  ) {}

  /** Renders one still; `waitMs` is the time it waited for a slot. */
  async render(
    request: { template: string; props?: Record<string, unknown> } & StillOptionsInput,
    signal: AbortSignal,
  ): Promise<RenderStillResult & { waitMs: number }> {
    const arrived = performance.now();
    await this.acquire(signal);
    const waitMs = performance.now() - arrived;
    try {
      return { ...(await renderStill({ ...request, project: this.project, host: this.host, signal })), waitMs };
    } finally {
      this.release();
    }
  }

  private async acquire(signal: AbortSignal): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
    // The slot was handed over by release() without decrementing.
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
