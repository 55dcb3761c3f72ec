import { ERROR_CODES, type ErrorCode, type ErrorKind, isErrorCode } from './codes.ts';

export interface ErrorIssue {
  /** Path into the offending object, as zod reports it. */
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

export interface FramewrightErrorOptions {
  readonly cause?: unknown;
  /** Field-level problems (zod issues) for input errors. */
  readonly issues?: readonly ErrorIssue[];
  /** A stack from another realm (the page), already source-mapped. */
  readonly templateStack?: string;
}

/** Every error Framewright raises on purpose. Control flow reads `code`/`kind`, never the message. */
export class FramewrightError extends Error {
  override readonly name = 'FramewrightError';
  readonly code: ErrorCode;
  readonly issues: readonly ErrorIssue[];
  readonly templateStack: string | undefined;

  constructor(code: ErrorCode, message: string, options: FramewrightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
    this.templateStack = options.templateStack;
  }

  get kind(): ErrorKind {
    return ERROR_CODES[this.code].kind;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  /** Whether retrying the same work could succeed. */
  get retriable(): boolean {
    return this.kind === 'transient' || this.kind === 'internal';
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues.length ? { issues: this.issues } : {}),
      ...(this.templateStack ? { stack: this.templateStack } : {}),
    };
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  issues?: readonly ErrorIssue[];
  stack?: string;
}

/** Wraps anything thrown into a FramewrightError, keeping codes already attached. */
export function toFramewrightError(error: unknown, fallback: ErrorCode = 'INTERNAL'): FramewrightError {
  if (error instanceof FramewrightError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new FramewrightError('CANCELED', 'The render was canceled', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FramewrightError(fallback, message, { cause: error });
}

/** Rebuilds an error that crossed a process or page boundary as data. */
export function fromSerializedError(data: unknown): FramewrightError {
  const record = (data ?? {}) as Partial<SerializedError>;
  const code = isErrorCode(record.code) ? record.code : 'INTERNAL';
  return new FramewrightError(code, String(record.message ?? 'Unknown error'), {
    ...(record.issues ? { issues: record.issues } : {}),
    ...(record.stack ? { templateStack: record.stack } : {}),
  });
}

export function canceledError(reason?: unknown): FramewrightError {
  return new FramewrightError('CANCELED', 'The render was canceled', { cause: reason });
}

/** Throws CANCELED if the signal has fired; call between phases of long work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw canceledError(signal.reason);
}
