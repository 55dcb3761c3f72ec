import { canceledError, FramewrightError } from '../../errors/index.ts';
import { ffmpegPath } from '../binaries.ts';
import { spawnChild } from './child-process.ts';

/**
 * Runs one FFmpeg command to completion (a mux, a palette pass, HLS packaging). Cancelling the
 * signal kills it at once; a failure is ENCODER_FAILED with the end of its stderr.
 */
export async function runFfmpeg(args: readonly string[], what: string, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw canceledError(signal.reason);
  const child = spawnChild(ffmpegPath(), args);
  child.process.stdin.end();
  const onAbort = () => void child.kill();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { code, stderr } = await child.exited;
    if (signal?.aborted) throw canceledError(signal.reason);
    if (code !== 0) {
      throw new FramewrightError('ENCODER_FAILED', `FFmpeg failed while ${what} (code ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
