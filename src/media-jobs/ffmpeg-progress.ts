import { canceledError, FramewrightError } from '../errors/index.ts';
import { ffmpegPath } from '../render/binaries.ts';
import { spawnChild } from '../render/encode/child-process.ts';

/** Parses FFmpeg's `-progress` key=value lines, calling `onTime` with the seconds written so far. */
export class ProgressParser {
  private buffer = '';

  constructor(private readonly onTime: (seconds: number) => void) {}

  push(text: string): void {
    this.buffer += text;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      // out_time_us (and, despite its name, out_time_ms) are microseconds; N/A before the first frame.
      const m = /^out_time_(?:us|ms)=(\d+)\s*$/.exec(line);
      if (m) this.onTime(Number(m[1]) / 1_000_000);
    }
  }
}

export interface RunOptions {
  /** What FFmpeg is doing, for error messages ("making the 720p transcode"). */
  what: string;
  signal?: AbortSignal | undefined;
  /** Seconds of output written so far, from `-progress` (a few times a second). */
  onTime?: ((seconds: number) => void) | undefined;
}

/**
 * Runs one FFmpeg command with `-progress` on stdout. Cancelling kills it at once (SIGKILL: what
 * it wrote is thrown away anyway, so there is nothing to let it finish); a failure is
 * ENCODER_FAILED with the end of its stderr.
 */
export async function runFfmpegWithProgress(args: readonly string[], o: RunOptions): Promise<void> {
  if (o.signal?.aborted) throw canceledError(o.signal.reason);
  const child = spawnChild(ffmpegPath(), ['-nostats', '-progress', 'pipe:1', ...args]);
  child.process.stdin.end();
  const parser = new ProgressParser((s) => o.onTime?.(s));
  child.process.stdout.setEncoding('utf8');
  child.process.stdout.on('data', (chunk: string) => parser.push(chunk));
  const onAbort = () => child.process.kill('SIGKILL');
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { code, signal, stderr } = await child.exited;
    if (o.signal?.aborted) throw canceledError(o.signal.reason);
    if (code !== 0) {
      throw new FramewrightError('ENCODER_FAILED', `FFmpeg failed while ${o.what} (${signal ?? `code ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
