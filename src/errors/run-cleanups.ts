/**
 * Runs every clean-up, each even when an earlier one throws (a `finally` that awaits them one
 * after another skips the rest at the first failure and leaks folders or processes). Throws the
 * first failure afterwards, unless `onError` takes them, so nothing is swallowed silently.
 */
export async function runCleanups(cleanups: ReadonlyArray<() => unknown>, onError?: (error: unknown) => void): Promise<void> {
  const failures: unknown[] = [];
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      failures.push(error);
    }
  }
  if (!failures.length) return;
  if (onError) for (const f of failures) onError(f);
  else throw failures.length === 1 ? failures[0] : new AggregateError(failures, `${failures.length} clean-ups failed`);
}
