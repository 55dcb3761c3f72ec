import path from 'node:path';
import { createGifWriter } from './gif-writer.ts';
import { FORMATS } from './formats.ts';
import { createHlsWriter } from './hls-writer.ts';
import type { OutputWriter, WriterContext } from './output-writer.ts';
import { createAudioWriter, createVideoWriter } from './video-writer.ts';
import { ZipFrameSink } from './zip.ts';

/** The writer for the chosen format. */
export function createOutputWriter(c: WriterContext): OutputWriter {
  switch (FORMATS[c.options.format].kind) {
    case 'video':
      return createVideoWriter(c);
    case 'audio':
      return createAudioWriter(c);
    case 'gif':
      return createGifWriter(c);
    case 'hls':
      return createHlsWriter(c);
    case 'image-sequence': {
      const staged = path.join(c.workDir, 'output.zip');
      return { capture: 'png', sink: new ZipFrameSink(staged, c.frames), hasAudio: false, outputs: [{ staged, final: c.output }], finalize: async () => undefined };
    }
  }
}
