import { expect } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';

/** The FramewrightError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<FramewrightError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FramewrightError);
    return error as FramewrightError;
  }
  throw new Error('expected a failure');
}
