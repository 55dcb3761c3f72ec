import { describe, expect, it } from 'vitest';
import { runCleanups } from './run-cleanups.ts';

describe('runCleanups', () => {
  it('runs every clean-up even when an earlier one throws, then throws the failure', async () => {
    const ran: string[] = [];
    const attempt = runCleanups([
      () => ran.push('a'),
      async () => {
        ran.push('b');
        throw new Error('b failed');
      },
      async () => void ran.push('c'),
    ]);
    await expect(attempt).rejects.toThrow('b failed');
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('hands every failure to onError instead of throwing', async () => {
    const seen: unknown[] = [];
    await runCleanups([() => Promise.reject(new Error('x')), () => { throw new Error('y'); }], (e) => seen.push((e as Error).message));
    expect(seen).toEqual(['x', 'y']);
  });

  it('throws an AggregateError when several fail', async () => {
    await expect(runCleanups([() => Promise.reject(new Error('x')), () => Promise.reject(new Error('y'))])).rejects.toBeInstanceOf(AggregateError);
  });
});
