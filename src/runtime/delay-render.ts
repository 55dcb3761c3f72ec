import { getEnvironment } from './environment.ts';
import { reportFatal } from './fatal.ts';

interface OpenHandle {
  label: string;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** No timeout of its own: it follows the render's, which may arrive after the handle (see below). */
  followsRender: boolean;
  retries: number;
}

export interface DelayRenderOptions {
  /** Overrides the render's delayRender timeout for this handle. */
  timeoutInMilliseconds?: number;
  /**
   * When the handle times out, render the frame again on a fresh page up to this many times
   * before failing (for flaky loads). @defaultValue 0
   */
  retries?: number;
}

const open = new Map<number, OpenHandle>();
const waiters = new Set<() => void>();
let nextHandle = 1;

function notify(): void {
  for (const w of waiters) w();
}

/**
 * Holds the current frame until `continueRender(handle)`: the frame is captured only once every
 * handle is closed. A handle left open past its timeout fails the render, naming `label`.
 */
export function delayRender(label = 'delayRender()', options: DelayRenderOptions = {}): number {
  // Checked at the call, as Remotion does: a label that is not text is a mistake in the call.
  if (typeof label !== 'string') throw new TypeError(`The label parameter of delayRender() must be a string or undefined, got: ${typeof label}`);
  const retries = options.retries ?? 0;
  if (!(Number.isInteger(retries) && retries >= 0)) throw new TypeError(`delayRender(): "retries" must be an integer ≥ 0, got ${retries}`);
  const handle = nextHandle++;
  const entry: OpenHandle = { label, timer: undefined, followsRender: options.timeoutInMilliseconds === undefined, retries };
  open.set(handle, entry);
  arm(handle, entry, options.timeoutInMilliseconds ?? getEnvironment().delayRenderTimeoutMs);
  return handle;
}

function arm(handle: number, entry: OpenHandle, timeout: number): void {
  if (typeof window === 'undefined') return;
  if (entry.timer !== undefined) clearTimeout(entry.timer);
  const { label, retries } = entry;
  entry.timer = setTimeout(() => {
    if (!open.has(handle)) return;
    reportFatal({
      code: 'DELAY_RENDER_TIMEOUT',
      message: `delayRender("${label}") was not continued within ${timeout} ms${retries ? ` (tried ${retries + 1} times)` : ''}. Call continueRender(handle) when the work is done, or raise the timeout.`,
      ...(retries ? { retries } : {}),
    });
  }, timeout);
}

/**
 * The render's timeout reaches the page when a template is mounted, after module-level code ran:
 * a handle opened there (a font or config fetched at import) was armed with the default 30 s, so
 * with `--timeout 1000` the frame's own deadline (timeout + 5 s) ended it first, as an "endless
 * loop" (FRAME_TIMEOUT) that named no label. Such handles get the render's timeout from the mount.
 */
export function applyRenderTimeout(): void {
  for (const [handle, entry] of open) {
    if (entry.followsRender) arm(handle, entry, getEnvironment().delayRenderTimeoutMs);
  }
}

/**
 * Releases a handle from delayRender(). A handle already released is ignored; a value that is not
 * a handle at all (a state variable not set yet) throws at once, as in Remotion, rather than
 * leaving the frame to time out with no hint of why.
 */
export function continueRender(handle: number): void {
  if (handle === undefined) {
    throw new TypeError('The continueRender() method must be called with a parameter that is the return value of delayRender(). No value was passed.');
  }
  if (typeof handle !== 'number') {
    throw new TypeError(`The parameter passed into continueRender() must be the return value of delayRender() which is a number. Got: ${JSON.stringify(handle)}`);
  }
  const entry = open.get(handle);
  if (!entry) return;
  if (entry.timer !== undefined) clearTimeout(entry.timer);
  open.delete(handle);
  notify();
}

/**
 * Fails the render now with this error (for example when a fetch in the template fails), then
 * throws it (a string becomes an Error), as Remotion documents: code after the call does not run.
 */
export function cancelRender(error: unknown): never {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  reportFatal({ code: 'TEMPLATE_ERROR', message, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) });
  notify();
  throw error instanceof Error ? error : new Error(message);
}


/** Resolves on the next continueRender() or fatal error. */
export function nextDelayRenderChange(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      waiters.delete(done);
      resolve();
    };
    waiters.add(done);
  });
}

export function hasOpenHandles(): boolean {
  return open.size > 0;
}

/** Wakes readiness waiters, e.g. after a fatal error. */
export function wakeDelayRenderWaiters(): void {
  notify();
}

export interface DelayRenderFunctions {
  delayRender: typeof delayRender;
  continueRender: typeof continueRender;
  cancelRender: typeof cancelRender;
}

// One object for every caller: a component may list these functions in effect dependencies.
const DELAY_RENDER_FUNCTIONS: DelayRenderFunctions = Object.freeze({ delayRender, continueRender, cancelRender });

/**
 * Remotion's `useDelayRender()` (the form its docs now recommend): the same `delayRender`,
 * `continueRender` and `cancelRender` as the global functions. A page renders one template at a
 * time, so there is no narrower scope to give them.
 */
export function useDelayRender(): DelayRenderFunctions {
  return DELAY_RENDER_FUNCTIONS;
}
