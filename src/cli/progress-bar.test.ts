import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar, createTerminalBar } from './progress-bar.ts';

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns: 200 });
  return { stream, text: () => written };
}

describe('the CLI progress bar', () => {
  it('shows the frames of the render, not the bar’s own scale', () => {
    const terminal = fakeTerminal();
    const bar = createProgressBar('promo', { stream: terminal.stream });
    bar.update({ stage: 'rendering', renderedFrames: 12, encodedFrames: 10, totalFrames: 60, progress: 0.2, etaSeconds: 3.2 });
    bar.stop();
    expect(terminal.text()).toContain('frames 12/60');
    expect(terminal.text()).not.toContain('/1000');
  });

  it('writes nothing where the stream is no terminal (a log file, CI)', () => {
    const terminal = fakeTerminal();
    Object.assign(terminal.stream, { isTTY: false });
    const bar = createProgressBar('promo', { stream: terminal.stream });
    bar.update({ stage: 'rendering', renderedFrames: 12, encodedFrames: 10, totalFrames: 60, progress: 0.2, etaSeconds: 3.2 });
    bar.stop();
    expect(terminal.text()).toBe('');
  });
});

describe('the batch and media bars', () => {
  it('count videos and outputs, not the bar’s own scale', async () => {
    const { batchBar } = await import('./commands/batch.ts');
    const { mediaBar } = await import('./commands/media.ts');
    const batchTerminal = fakeTerminal();
    const batch = batchBar(4, { stream: batchTerminal.stream });
    batch.update(2, 0.5, 1);
    batch.stop();
    expect(batchTerminal.text()).toContain('2/4 videos | 1 failed');

    const mediaTerminal = fakeTerminal();
    const media = mediaBar('in.mp4', { stream: mediaTerminal.stream });
    media.update({ stage: 'transcode', progress: 0.5, etaSeconds: null, outputsDone: 1, outputsTotal: 3 } as never);
    media.stop();
    expect(mediaTerminal.text()).toContain('outputs 1/3');
  });

  it('a format that would show the internal scale is refused when it is made', () => {
    expect(() => createTerminalBar('[{bar}] {value}/{total} videos')).toThrow(/internal scale/);
  });
});
