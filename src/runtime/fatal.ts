import type { ErrorCode } from '../errors/codes.ts';

/** An error as data, so it crosses from the page to Node without parsing text. */
export interface PageError {
  code: ErrorCode;
  message: string;
  stack?: string;
  componentStack?: string;
  /** DELAY_RENDER_TIMEOUT only: how many times the renderer may retry the frame on a fresh page. */
  retries?: number;
}

type Listener = () => void;

let fatal: PageError | undefined;
const listeners = new Set<Listener>();

/** Records the first fatal error of the current render; the next readiness check rejects with it. */
export function reportFatal(error: PageError): void {
  fatal ??= error;
  for (const l of listeners) l();
}

export function errorToPageError(error: unknown, code: ErrorCode = 'TEMPLATE_ERROR'): PageError {
  if (error instanceof Error) {
    const attached = (error as Error & { code?: unknown }).code;
    return {
      code: typeof attached === 'string' && /^[A-Z_]+$/.test(attached) ? (attached as ErrorCode) : code,
      message: `${error.name}: ${error.message}`,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { code, message: String(error) };
}

export function currentFatal(): PageError | undefined {
  return fatal;
}

/**
 * Forgets the recorded error. The renderer never needs this (a failed page is thrown away); the
 * Player does, because one page shows many props and templates over its life.
 */
export function clearFatal(): void {
  fatal = undefined;
}


export function onFatal(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
