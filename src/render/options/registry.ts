import { z } from 'zod';
import { COLOR_RANGES } from '../encode/color.ts';
import { FORMATS, OUTPUT_FORMATS } from '../formats/formats.ts';
import { defineOption } from './define-option.ts';
import { defaultPageConcurrency } from '../machine-defaults.ts';

const frameRange = z
  // The flag's text reaches the schema as it was typed when it is not a range (`abc`, `-3`).
  .tuple([z.number().int().min(0), z.number().int().min(0)], { error: (issue) => (issue.code === 'invalid_type' ? 'must be a-b, a- or a (0-based frame numbers, e.g. 0-89, 120- or 7)' : undefined) })
  .refine(([a, b]) => b >= a, { message: 'the last frame must not come before the first' });

/** Parses `a-b`, `a-` or `a` (a single frame) into an inclusive range. */
export function parseFrameRangeFlag(text: string): unknown {
  const m = /^(\d+)(?:-(\d*))?$/.exec(text.trim());
  if (!m) return text;
  const a = Number(m[1]);
  if (m[2] === undefined) return [a, a];
  return [a, m[2] === '' ? Number.MAX_SAFE_INTEGER : Number(m[2])];
}

const numberFlag = (t: string): unknown => (t.trim() === '' || Number.isNaN(Number(t)) ? t : Number(t));

/** `1080,720,480` → [1080, 720, 480]; anything else is left for the schema to reject. */
export function parseNumberListFlag(text: string): unknown {
  const parts = text.split(',').map((p) => p.trim());
  return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : text;
}

/** `true`/`forever`, `false`/`once`, or a number of extra plays. */
export function parseGifLoopFlag(text: string): unknown {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === 'forever') return true;
  if (t === 'false' || t === 'once') return false;
  return numberFlag(t);
}

/** A bitrate as FFmpeg takes it: bits per second with an optional k or M suffix, e.g. `192k`. */
const bitrate = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,6})?[kKmM]?$/, 'must be bits per second like 192k, 2500k or 4M')
  // FFmpeg's encoders take the rate as a 32-bit number of bits: a larger one can never encode.
  .refine((text) => bitsPerSecond(text) >= 1_000 && bitsPerSecond(text) <= 2_000_000_000, 'must be between 1k and 2000M bits per second');

function bitsPerSecond(text: string): number {
  const unit = { k: 1e3, m: 1e6 }[text.slice(-1).toLowerCase()] ?? 1;
  return Number.parseFloat(text) * unit;
}

/** Every render option. Adding an option is one entry here. */
export const renderOptions = {
  format: defineOption({
    schema: z.enum(OUTPUT_FORMATS),
    default: 'mp4',
    flag: '--format <format>',
    help: `Output format: ${OUTPUT_FORMATS.map((f) => `${f} (${FORMATS[f].summary})`).join('; ')}`,
  }),
  crf: defineOption({
    // 63 is VP9's ceiling; say H.264's too, or `--crf 99` on an MP4 would suggest 63 works there.
    schema: z.number().int().min(0).max(63, { error: 'must be at most 51 for H.264/H.265 (mp4, mov, mkv) and 63 for VP9 (webm)' }),
    default: undefined,
    flag: '--crf <n>',
    parseFlag: numberFlag,
    help: 'Constant rate factor (lower is better quality and bigger files): H.264/H.265 0–51 (default 18 / 23), VP9 0–63 (default 32)',
  }),
  videoBitrate: defineOption({
    schema: bitrate,
    default: undefined,
    flag: '--video-bitrate <bps>',
    help: 'Target video bitrate instead of a crf, e.g. 4M (H.264, H.265, VP9)',
  }),
  audioBitrate: defineOption({
    schema: bitrate,
    default: undefined,
    flag: '--audio-bitrate <bps>',
    help: 'Audio bitrate, e.g. 192k (default 192k AAC/MP3, 128k Opus and HLS; WAV is uncompressed)',
  }),
  muted: defineOption({
    schema: z.boolean(),
    default: false,
    flag: '--muted',
    help: 'Leave the audio out of a video output',
  }),
  enforceAudioTrack: defineOption({
    schema: z.boolean(),
    default: false,
    flag: '--enforce-audio-track',
    help: 'Give a video a (silent) audio track even when the template plays no sound',
  }),
  everyNthFrame: defineOption({
    schema: z.number().int().min(1).max(100),
    default: 1,
    flag: '--every-nth-frame <n>',
    parseFlag: numberFlag,
    help: 'GIF only: keep every nth frame (2 halves the frame rate and the size)',
  }),
  gifLoop: defineOption({
    schema: z.union([z.boolean(), z.number().int().min(0).max(65535)]),
    default: true,
    flag: '--gif-loop <n>',
    parseFlag: parseGifLoopFlag,
    help: 'GIF only: true loops forever, false plays once, a number n plays n extra times',
  }),
  poster: defineOption({
    schema: z.strictObject({ frame: z.number().int().min(0), quality: z.number().int().min(1).max(100).default(85) }),
    default: undefined,
    flag: '--poster <frame>',
    parseFlag: (t: string): unknown => ({ frame: numberFlag(t) }),
    help: 'Also write a JPEG thumbnail of this frame beside the video (<name>.poster.jpg)',
  }),
  hlsRenditions: defineOption({
    schema: z.array(z.number().int().min(16).max(4320)).min(1).max(8),
    default: [1080, 720, 480],
    flag: '--hls-renditions <heights>',
    parseFlag: parseNumberListFlag,
    help: 'HLS only: rendition heights, e.g. 1080,720,480 (none larger than the render; the render size when all are)',
  }),
  hlsSegmentSeconds: defineOption({
    schema: z.number().gt(0).max(60),
    default: 6,
    flag: '--hls-segment-seconds <s>',
    parseFlag: numberFlag,
    help: 'HLS only: target segment duration in seconds',
  }),
  proresProfile: defineOption({
    schema: z.enum(['proxy', 'lt', 'standard', 'hq', '4444', '4444xq']),
    default: '4444',
    flag: '--prores-profile <name>',
    help: 'MOV only: ProRes profile (4444 and 4444xq keep alpha)',
  }),
  preset: defineOption({
    schema: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow']),
    default: undefined,
    flag: '--preset <name>',
    help: 'Encoder speed/size trade-off (x264/x265 presets, mapped onto VP9 speeds); default medium, hls veryfast',
  }),
  scale: defineOption({
    schema: z.number().gt(0).max(16),
    default: 1,
    flag: '--scale <factor>',
    parseFlag: numberFlag,
    help: 'Render at this multiple of the template size (device pixel ratio), e.g. 0.5 or 2',
  }),
  frames: defineOption({
    schema: frameRange,
    default: undefined,
    flag: '--frames <a-b>',
    parseFlag: parseFrameRangeFlag,
    help: 'Render only frames a to b (inclusive, 0-based), e.g. 0-89; a- runs to the last frame, a alone is one frame',
  }),
  concurrency: defineOption({
    schema: z.number().int().min(1).max(32),
    // Half the cores, 2 to 8 (src/render/machine-defaults.ts).
    default: defaultPageConcurrency(),
    flag: '--concurrency <n>',
    parseFlag: numberFlag,
    help: 'Browser pages capturing frames in parallel',
  }),
  jpegQuality: defineOption({
    schema: z.number().int().min(1).max(100),
    default: 80,
    flag: '--jpeg-quality <q>',
    parseFlag: numberFlag,
    help: 'Quality of the intermediate JPEG frames handed to the encoder',
  }),
  pixelFormat: defineOption({
    schema: z.enum(['yuv420p', 'yuv422p', 'yuv444p', 'yuv422p10le', 'yuva444p10le', 'yuva420p']),
    default: undefined,
    flag: '--pixel-format <fmt>',
    help: 'Pixel format of the encoded video (default yuv420p, which plays everywhere; mov: yuva444p10le; webm of a transparent template: yuva420p, VP9 with alpha)',
  }),
  delayRenderTimeoutMs: defineOption({
    schema: z.number().int().min(1).max(600_000),
    default: 30_000,
    flag: '--timeout <ms>',
    parseFlag: numberFlag,
    help: 'How long a delayRender() handle may stay open before the render fails',
  }),
  reuseUnchangedFrames: defineOption({
    schema: z.boolean(),
    default: true,
    flag: '--no-reuse-unchanged-frames',
    help: 'Reuse the previous image for frames where nothing on the page changed (off: capture every frame)',
    flagHelp: 'Capture every frame, even when nothing on the page changed since the previous one',
  }),
  colorRange: defineOption({
    schema: z.enum(COLOR_RANGES),
    default: undefined,
    flag: '--color-range <range>',
    help: 'YUV range of H.264/H.265/VP9 video: full (default for mp4/webm: exact colours in browsers and every player that reads the range flag) or limited (16–235, default for hls: for TVs and players that ignore the flag)',
  }),
} as const;

export type RenderOptionName = keyof typeof renderOptions;
type Registry = typeof renderOptions;

/** Options as callers give them: every field optional. */
export type RenderOptionsInput = { [K in RenderOptionName]?: z.input<Registry[K]['schema']> };

/**
 * Options whose absence means something: the whole video (`frames`), no poster, a bitrate mode
 * only when asked, and format-dependent values (`crf`, `pixelFormat`, `audioBitrate`) that
 * `resolveRenderOptions` fills from the format's profile when the format has one.
 */
type UnsetByDefault = 'frames' | 'poster' | 'videoBitrate' | 'crf' | 'pixelFormat' | 'audioBitrate' | 'colorRange';
/** Filled from the format's profile; every format that uses them has a default. */
type FilledByFormat = 'preset';

/** Options after resolution: every default filled in. */
export type ResolvedRenderOptions = { [K in Exclude<RenderOptionName, UnsetByDefault | FilledByFormat>]: z.output<Registry[K]['schema']> } & {
  [K in UnsetByDefault]: z.output<Registry[K]['schema']> | undefined;
} & { [K in FilledByFormat]: NonNullable<z.output<Registry[K]['schema']>> };

type Shape = { [K in RenderOptionName]: z.ZodOptional<Registry[K]['schema']> };

/** The zod schema of the options object, derived from the registry (strict: unknown keys are errors). */
export const renderOptionsSchema = z.strictObject(
  Object.fromEntries(Object.entries(renderOptions).map(([k, o]) => [k, o.schema.optional().describe(o.help)])) as Shape,
);
