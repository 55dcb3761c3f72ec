import { FORMATS, type OutputFormat } from '../../src/render/formats/formats.ts';

export interface OutputFile {
  /** Name of the stored file, `renders/<id>/<fileName>`. */
  fileName: string;
  contentType: string;
  /** What the engine writes in the work folder (HLS: a folder, stored as its zip). */
  renderName: string;
  /** Zips (HLS, PNG sequences) are described from the render, not probed with ffprobe. */
  archive: boolean;
}

/** The stored file of each engine format, from the engine's own format table. */
export function outputFile(format: OutputFormat | undefined): OutputFile {
  const f = FORMATS[format ?? 'mp4'];
  if (f.kind === 'hls') return { fileName: 'output.zip', contentType: 'application/zip', renderName: 'hls', archive: true };
  return { fileName: `output${f.extension}`, contentType: f.contentType, renderName: `output${f.extension}`, archive: f.extension === '.zip' };
}
