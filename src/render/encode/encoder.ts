import { FramewrightError } from '../../errors/index.ts';
import { ffmpegPath } from '../binaries.ts';
import type { Writable } from 'node:stream';
import { spawnChild, type Child } from './child-process.ts';

function encoderFailed({ code, signal, stderr }: { code: number | null; signal: NodeJS.Signals | null; stderr: string }): FramewrightError {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const tail = stderr.trim().split('\n').slice(-3).join(' | ');
  return new FramewrightError('ENCODER_FAILED', `FFmpeg ${how}${tail ? `: ${tail}` : ''}`);
}

/** Resolves true once the stream drains, false if it closes or fails first (FFmpeg died). */
function drained(stream: Writable): Promise<boolean> {
  if (stream.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      stream.off('drain', onDrain);
      stream.off('close', onEnd);
      stream.off('error', onEnd);
      resolve(ok);
    };
    const onDrain = () => finish(true);
    const onEnd = () => finish(false);
    stream.once('drain', onDrain);
    stream.once('close', onEnd);
    stream.once('error', onEnd);
  });
}

/**
 * The encoder's lifecycle: `start → writeFrame* → finish`, or `abort` at any point. The
 * orchestrator guarantees one of finish/abort runs, so no FFmpeg outlives a render.
 */
export class FrameEncoder {
  private child: Child | undefined;
  private failure: Error | undefined;
  framesWritten = 0;

  constructor(private readonly args: readonly string[]) {}

  start(): void {
    const child = spawnChild(ffmpegPath(), this.args);
    child.process.stdin.on('error', (error) => {
      // EPIPE: FFmpeg exited early; finish() reports its stderr.
      this.failure ??= error;
    });
    this.child = child;
  }

  /** Writes one encoded image; resolves when FFmpeg can take more (back-pressure). */
  async writeFrame(image: Uint8Array): Promise<void> {
    const stdin = this.requireChild().process.stdin;
    if (this.failure || stdin.destroyed) throw await this.encoderError();
    this.framesWritten++;
    if (stdin.write(image)) return;
    if (!(await drained(stdin))) throw await this.encoderError();
  }

  /** Closes the input and waits for FFmpeg to write the file. */
  async finish(): Promise<void> {
    const child = this.requireChild();
    child.process.stdin.end();
    const exit = await child.exited;
    if (exit.code !== 0) throw encoderFailed(exit);
  }

  /** Kills FFmpeg before closing its input: at end of input it would finish the file instead. */
  async abort(): Promise<void> {
    await this.child?.kill();
    this.child?.process.stdin.destroy();
  }

  get pid(): number | undefined {
    return this.child?.process.pid;
  }

  private requireChild(): Child {
    if (!this.child) throw new FramewrightError('INTERNAL', 'FrameEncoder used before start()');
    return this.child;
  }

  private async encoderError(): Promise<FramewrightError> {
    return encoderFailed(await this.requireChild().exited);
  }
}
