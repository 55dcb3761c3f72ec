import { FramewrightError } from '../../errors/index.ts';
import type { VideoMetadata } from '../../runtime/define-template.ts';
import type { ResolvedRenderOptions } from './registry.ts';

/** Chroma-subsampled formats crop to even sizes: below 2 px nothing is left to encode. */
const MIN_SIDE = 2;
/** H.264 level 6.2 and Chromium's largest surface: past this no encoder takes the frame. */
const MAX_SIDE = 16_384;

/**
 * Checks what only the template's size and length can tell: an output that can never encode
 * (a scale that leaves no pixel, a poster frame past the end) is refused before any work is
 * queued, as INVALID_OPTIONS naming the field, instead of failing (and retrying) in a worker.
 */
export function assertEncodable(options: ResolvedRenderOptions, metadata: Pick<VideoMetadata, 'width' | 'height' | 'durationInFrames'>): void {
  const width = Math.round(metadata.width * options.scale);
  const height = Math.round(metadata.height * options.scale);
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
    throw new FramewrightError(
      'INVALID_OPTIONS',
      `"scale": ${options.scale} makes the ${metadata.width}×${metadata.height} template ${width}×${height}; each side must be ${MIN_SIDE}–${MAX_SIDE} px`,
      { issues: [{ path: ['scale'], message: `each side must be ${MIN_SIDE}–${MAX_SIDE} px, got ${width}×${height}` }] },
    );
  }
  if (options.poster && options.poster.frame >= metadata.durationInFrames) {
    throw new FramewrightError('INVALID_OPTIONS', `"poster.frame": ${options.poster.frame} is past the last frame (${metadata.durationInFrames - 1})`, {
      issues: [{ path: ['poster', 'frame'], message: `must be at most ${metadata.durationInFrames - 1}, got ${options.poster.frame}` }],
    });
  }
}
