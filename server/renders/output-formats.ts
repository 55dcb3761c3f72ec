import type { VIDEO_FORMATS } from '../../src/render/options/registry.ts';

type VideoFormat = (typeof VIDEO_FORMATS)[number];

/** File name and Content-Type of each output format; a new engine format fails to type-check here until added. */
export const OUTPUT_FILES: Record<VideoFormat, { fileName: string; contentType: string }> = {
  mp4: { fileName: 'output.mp4', contentType: 'video/mp4' },
};

export function outputFile(format: VideoFormat | undefined): { fileName: string; contentType: string } {
  return OUTPUT_FILES[format ?? 'mp4'];
}
