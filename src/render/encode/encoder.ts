import { FramewrightError } from '../../errors/index.ts';
import { ffmpegPath } from '../binaries.ts';
import { spawnChild, type Child } from './child-process.ts';

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
    const child = this.requireChild();
    if (this.failure) throw await this.encoderError();
    this.framesWritten++;
    if (!child.process.stdin.write(image)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          child.process.stdin.off('close', onClose);
          resolve();
        };
        const onClose = () => {
          child.process.stdin.off('drain', onDrain);
          reject(new Error('FFmpeg closed its input'));
        };
        child.process.stdin.once('drain', onDrain);
        child.process.stdin.once('close', onClose);
      }).catch(async () => {
        throw await this.encoderError();
      });
    }
  }

  /** Closes the input and waits for FFmpeg to write the file. */
  async finish(): Promise<void> {
    const child = this.requireChild();
    child.process.stdin.end();
    const { code, stderr } = await child.exited;
    if (code !== 0) {
      throw new FramewrightError('ENCODER_FAILED', `FFmpeg exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
  }

  async abort(): Promise<void> {
    if (!this.child) return;
    this.child.process.stdin.destroy();
    await this.child.kill();
  }

  get pid(): number | undefined {
    return this.child?.process.pid;
  }

  private requireChild(): Child {
    if (!this.child) throw new FramewrightError('INTERNAL', 'FrameEncoder used before start()');
    return this.child;
  }

  private async encoderError(): Promise<FramewrightError> {
    const { code, stderr } = await this.requireChild().exited;
    return new FramewrightError('ENCODER_FAILED', `FFmpeg stopped (code ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}
