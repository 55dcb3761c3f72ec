import { canceledError, FramewrightError, fromSerializedError } from '../../errors/index.ts';
import type { PageError } from '../../runtime/page/protocol.ts';
import { hideInternalUrls } from '../asset-server.ts';
import type { SitePage } from './site-page.ts';
import type { StackMapper } from './stack-mapper.ts';

/**
 * Turns what goes wrong in a tab into our errors: a page's own error (template exception,
 * delayRender timeout, refused request) with its stack mapped to the template's sources, and a
 * failed DevTools call into canceled, crashed or "stopped answering".
 */
export class PageFailures {
  constructor(
    private readonly mapper: StackMapper,
    private readonly signal: AbortSignal | undefined,
    /** The tab in use now (a retry swaps it). */
    private readonly site: () => SitePage,
  ) {}

  /** The first error the page reported, if any. */
  get pageError(): PageError | undefined {
    return this.site().health.error;
  }

  /** Awaits a DevTools call, translating its failure. */
  async guard<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      if (this.signal?.aborted) throw canceledError(this.signal.reason);
      if (error instanceof FramewrightError) throw error;
      if (this.pageError) throw this.toError(this.pageError);
      const message = (error as Error).message ?? String(error);
      throw new FramewrightError(
        'BROWSER_CRASHED',
        this.site().health.crashed ? `The browser page crashed: ${message}` : `The browser stopped answering: ${message}`,
        { cause: error },
      );
    }
  }

  /** A page error as ours: `message (at file:line, frame N)`, the stack in the template's sources. */
  toError(error: PageError, frame?: number): FramewrightError {
    const stack = error.stack ? this.mapper.mapStack(error.stack) : undefined;
    // A throw inside a runtime component (an <Img> given no src) has only runtime and React
    // frames on its stack: the component stack still names the template's component that used it.
    const mappedComponents = error.componentStack ? this.mapper.mapStack(error.componentStack) : undefined;
    const where = (stack ? this.mapper.firstTemplateFrame(stack) : undefined) ?? (mappedComponents ? this.mapper.firstTemplateFrame(mappedComponents) : undefined);
    const context = [where ? `at ${where}` : undefined, frame !== undefined ? `frame ${frame}` : undefined].filter(Boolean).join(', ');
    const readable = hideInternalUrls(error.message);
    const message = context ? `${readable} (${context})` : readable;
    const componentStack = mappedComponents ? `Component stack:${mappedComponents}` : undefined;
    const combined = [stack, componentStack].filter(Boolean).join('\n');
    return fromSerializedError({ code: error.code, message, ...(combined ? { stack: combined } : {}) });
  }

  /** Throws the page's error, if it reported one. */
  throwIfPageFailed(frame?: number): void {
    if (this.pageError) throw this.toError(this.pageError, frame);
  }
}
