import { z } from 'zod';
import { defineOption } from './define-option.ts';

const frameRange = z
  .tuple([z.number().int().min(0), z.number().int().min(0)])
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

export const VIDEO_FORMATS = ['mp4'] as const;

/** Every render option. Adding an option is one entry here. */
export const renderOptions = {
  format: defineOption({
    schema: z.enum(VIDEO_FORMATS),
    default: 'mp4',
    flag: '--format <format>',
    help: `Output format: ${VIDEO_FORMATS.join(', ')}`,
  }),
  crf: defineOption({
    schema: z.number().int().min(0).max(51),
    default: 18,
    flag: '--crf <n>',
    parseFlag: numberFlag,
    help: 'Constant rate factor, 0–51 (lower is better quality and bigger files)',
  }),
  preset: defineOption({
    schema: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow']),
    default: 'medium',
    flag: '--preset <name>',
    help: 'Encoder speed/size trade-off (x264 presets)',
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
    help: 'Render only frames a to b (inclusive, 0-based), e.g. 0-89',
  }),
  concurrency: defineOption({
    schema: z.number().int().min(1).max(32),
    default: 2,
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
    schema: z.enum(['yuv420p', 'yuv444p', 'yuv422p']),
    default: 'yuv420p',
    flag: '--pixel-format <fmt>',
    help: 'Pixel format of the encoded video (yuv420p plays everywhere)',
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
    help: 'Capture every frame, even when nothing on the page changed since the previous one',
  }),
} as const;

export type RenderOptionName = keyof typeof renderOptions;
type Registry = typeof renderOptions;

/** Options as callers give them: every field optional. */
export type RenderOptionsInput = { [K in RenderOptionName]?: z.input<Registry[K]['schema']> };

/** Options after resolution: every default filled in. `frames` stays optional (whole video). */
export type ResolvedRenderOptions = { [K in Exclude<RenderOptionName, 'frames'>]: z.output<Registry[K]['schema']> } & {
  frames: z.output<Registry['frames']['schema']> | undefined;
};

type Shape = { [K in RenderOptionName]: z.ZodOptional<Registry[K]['schema']> };

/** The zod schema of the options object, derived from the registry (strict: unknown keys are errors). */
export const renderOptionsSchema = z.strictObject(
  Object.fromEntries(Object.entries(renderOptions).map(([k, o]) => [k, o.schema.optional().describe(o.help)])) as Shape,
);
