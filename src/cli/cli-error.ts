import { FramewrightError } from '../errors/index.ts';

/** Exit codes: 2 for bad input (props, flags), 1 for everything that failed while rendering. */
export const EXIT_BAD_INPUT = 2;
export const EXIT_FAILURE = 1;

export function exitCodeFor(error: unknown): number {
  if (error instanceof FramewrightError) return error.kind === 'input' ? EXIT_BAD_INPUT : EXIT_FAILURE;
  return EXIT_FAILURE;
}

/** One clear line (plus field issues); the stack only with --verbose. */
export function formatCliError(error: unknown, verbose: boolean): string {
  if (!(error instanceof FramewrightError)) {
    const e = error instanceof Error ? error : new Error(String(error));
    return verbose ? (e.stack ?? e.message) : `error: ${e.message}`;
  }
  const lines = [`error [${error.code}]: ${error.message}`];
  if (verbose && error.templateStack) lines.push(error.templateStack);
  if (verbose && error.cause instanceof Error && error.cause.stack) lines.push(`caused by: ${error.cause.stack}`);
  return lines.join('\n');
}
