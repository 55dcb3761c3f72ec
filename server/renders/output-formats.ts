import { FORMATS, type OutputFormat } from '../../src/render/formats/formats.ts';

export interface OutputFile {
  /** Name of the stored file, `renders/<id>/<fileName>`. */
  fileName: string;
  contentType: string;
  /** Zips (HLS, PNG sequences) are described from the render, not probed with ffprobe. */
  archive: boolean;
}

/** The stored file of each engine format, read from the engine's format table. */
export function outputFile(format: OutputFormat | undefined): OutputFile {
  const { stored } = FORMATS[format ?? 'mp4'];
  return { fileName: `output${stored.extension}`, contentType: stored.contentType, archive: stored.archive };
}
