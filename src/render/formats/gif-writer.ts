import path from 'node:path';
import { FrameEncoder } from '../encode/encoder.ts';
import { gifEncodeArgs, gifIntermediateArgs, gifPaletteArgs } from '../encode/format-args.ts';
import { runFfmpeg } from '../encode/run-ffmpeg.ts';
import type { OutputWriter, WriterContext } from './output-writer.ts';

/**
 * GIF in two passes over the captured PNGs (kept untouched in one file meanwhile): a palette
 * from every frame's colours, then every frame mapped onto it. Doing it in one filter graph
 * would hold every decoded frame in memory until the palette exists.
 */
export function createGifWriter(c: WriterContext): OutputWriter {
  const frames = path.join(c.workDir, 'frames.nut');
  const palette = path.join(c.workDir, 'palette.png');
  const staged = path.join(c.workDir, 'output.gif');
  return {
    capture: 'png',
    sink: new FrameEncoder(gifIntermediateArgs(c.fps, frames)),
    hasAudio: false,
    outputs: [{ staged, final: c.output }],
    async finalize(_audio, signal) {
      await runFfmpeg(gifPaletteArgs(frames, palette), 'making the GIF palette', signal);
      // A one-frame GIF shows that frame for one frame's time, as every frame of a longer one does.
      // Never under 2 cs, which browsers would show as 10 cs.
      const finalDelayCs = c.frames.length === 1 ? Math.min(65_535, Math.max(2, Math.round(100 / c.fps))) : undefined;
      await runFfmpeg(gifEncodeArgs(frames, palette, c.options.gifLoop, staged, finalDelayCs, c.fps), 'encoding the GIF', signal);
    },
  };
}
