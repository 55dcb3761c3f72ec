import { z } from 'zod';

/**
 * What a media job asks for: the outputs (any mix) and an optional watermark. One schema is the
 * validator and the type for the HTTP body, the CLI flags and the job payload read back from Redis.
 */

const seconds = z.number().nonnegative().max(24 * 3600);
const dimension = z.number().int().min(16).max(8192);
const bitrate = z
  .string()
  .regex(/^\d+(\.\d+)?[kKmM]?$/, 'must be a bitrate such as 800k or 4M')
  .describe('Bits per second, e.g. 2500k or 4M');

export const TRANSCODE_FORMATS = ['mp4', 'mp4-h265', 'webm', 'mov'] as const;
export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;

export const transcodeOutputSchema = z
  .strictObject({
    type: z.literal('transcode'),
    format: z.enum(TRANSCODE_FORMATS),
    width: dimension.optional().describe('Output width; with only one side given the other keeps the aspect ratio'),
    height: dimension.optional(),
    upscale: z.boolean().optional().describe('Allow an output larger than the input (default false: never upscaled)'),
    fps: z.number().positive().max(240).optional().describe('Frame rate (default: the input\'s average rate)'),
    crf: z.number().int().min(0).max(63).optional().describe('Constant quality (default: 23 H.264, 28 H.265, 32 VP9)'),
    preset: z.enum(X264_PRESETS).optional().describe('Speed/size trade-off (default medium); mapped to cpu-used for VP9'),
    videoBitrate: bitrate.optional().describe('Target bitrate instead of constant quality'),
    audioBitrate: bitrate.optional(),
    audio: z.boolean().optional().describe('Keep the audio (default true, when the input has any)'),
  })
  .meta({ id: 'MediaTranscodeOutput' });

export const hlsOutputSchema = z
  .strictObject({
    type: z.literal('hls'),
    renditions: z
      .array(z.strictObject({ height: dimension, videoBitrate: bitrate.optional() }))
      .min(1)
      .max(8)
      .optional()
      .describe('The ladder (default 1080p, 720p, 480p, never above the input)'),
    segmentSeconds: z.number().min(1).max(30).optional().describe('Target segment length (default 6)'),
    preset: z.enum(X264_PRESETS).optional(),
  })
  .meta({ id: 'MediaHlsOutput' });

export const IMAGE_FORMATS = ['jpeg', 'png', 'webp'] as const;

export const thumbnailsOutputSchema = z
  .strictObject({
    type: z.literal('thumbnails'),
    at: z.array(seconds).min(1).max(1000).optional().describe('Times in seconds'),
    every: z.number().positive().max(3600).optional().describe('One thumbnail every this many seconds, from 0'),
    count: z.number().int().min(1).max(1000).optional().describe('This many thumbnails spread evenly over the input'),
    format: z.enum(IMAGE_FORMATS).default('jpeg'),
    width: dimension.optional().describe('Width of each image (default: the input\'s)'),
  })
  .refine((o) => [o.at, o.every, o.count].filter((v) => v !== undefined).length <= 1, { message: 'give at most one of "at", "every" and "count"' })
  .meta({ id: 'MediaThumbnailsOutput' });

export const spriteOutputSchema = z
  .strictObject({
    type: z.literal('sprite'),
    every: z.number().positive().max(3600).default(10).describe('Seconds between tiles'),
    columns: z.number().int().min(1).max(50).default(10),
    width: z.number().int().min(16).max(1920).default(160).describe('Width of one tile'),
  })
  .meta({ id: 'MediaSpriteOutput' });

export const AUDIO_FORMATS = ['mp3', 'aac', 'wav'] as const;

export const audioOutputSchema = z
  .strictObject({ type: z.literal('audio'), format: z.enum(AUDIO_FORMATS), audioBitrate: bitrate.optional() })
  .meta({ id: 'MediaAudioOutput' });

export const probeOutputSchema = z.strictObject({ type: z.literal('probe') }).meta({ id: 'MediaProbeOutput' });

export const mediaOutputSchema = z.discriminatedUnion('type', [
  transcodeOutputSchema,
  hlsOutputSchema,
  thumbnailsOutputSchema,
  spriteOutputSchema,
  audioOutputSchema,
  probeOutputSchema,
]);
export type MediaOutput = z.infer<typeof mediaOutputSchema>;
export type TranscodeOutput = z.infer<typeof transcodeOutputSchema>;
export type HlsOutput = z.infer<typeof hlsOutputSchema>;
export type ThumbnailsOutput = z.infer<typeof thumbnailsOutputSchema>;
export type SpriteOutput = z.infer<typeof spriteOutputSchema>;
export type AudioOutput = z.infer<typeof audioOutputSchema>;

export const WATERMARK_POSITIONS = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'center'] as const;

/** The watermark's placement; `image` is resolved to a local file before the pipeline runs. */
export const watermarkPlacementSchema = z.strictObject({
  position: z.enum(WATERMARK_POSITIONS).default('bottom-right'),
  margin: z.number().int().min(0).max(1000).default(16).describe('Pixels between the image and the frame\'s edges'),
  width: z.number().gt(0).max(1).default(0.15).describe('Width of the image as a fraction of the video\'s width'),
  opacity: z.number().min(0).max(1).default(1),
});
export type WatermarkPlacement = z.infer<typeof watermarkPlacementSchema>;

export const outputsSchema = z.array(mediaOutputSchema).min(1).max(20);

/** Whether an output needs a video stream in the input. */
export function needsVideo(output: MediaOutput): boolean {
  return output.type === 'transcode' || output.type === 'hls' || output.type === 'thumbnails' || output.type === 'sprite';
}

/** Limits checked on the input before any work starts. */
export interface MediaLimits {
  /** Largest input file, bytes. @defaultValue 2 GiB */
  maxBytes: number;
  /** Longest input, seconds. @defaultValue 4 h */
  maxDurationSeconds: number;
  /** Most pixels per frame (width × height). @defaultValue 8192 × 4320 */
  maxPixels: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = { maxBytes: 2 * 1024 ** 3, maxDurationSeconds: 4 * 3600, maxPixels: 8192 * 4320 };
