import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import { renderJobSchema } from '../queue/render-job.ts';

export const CHUNK_QUEUE = 'render-chunks';
export const ASSEMBLE_QUEUE = 'render-assemble';

/** One chunk of a split render: the parent render's job, plus its frame range. */
export const chunkJobSchema = z.strictObject({
  v: z.literal(1),
  render: renderJobSchema,
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  frames: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
  totalFrames: z.number().int().min(1),
});
export type ChunkJob = z.infer<typeof chunkJobSchema>;

/** The parent job: runs once every chunk has succeeded. */
export const assembleJobSchema = z.strictObject({
  v: z.literal(1),
  render: renderJobSchema,
  count: z.number().int().min(1),
  totalFrames: z.number().int().min(1),
  /** The render's first frame and fps, for mixing its sound once over the whole length. */
  firstFrame: z.number().int().min(0),
  fps: z.number().positive(),
  splitAt: z.number().int(),
});
export type AssembleJob = z.infer<typeof assembleJobSchema>;

/** What a chunk job returns (kept by BullMQ for the parent to read). */
export const chunkResultSchema = z.object({
  index: z.number().int(),
  key: z.string(),
  frames: z.number().int(),
  capturedFrames: z.number().int().default(0),
  reusedFrames: z.number().int().default(0),
  extension: z.string(),
  /** The poster JPEG in shared storage, from the one chunk that captured it (see `ownsPoster`). */
  posterKey: z.string().optional(),
  /** Every `<Audio>`/`<Video>` clip the chunk played (portable sources), for the one mix at assembly. */
  clips: z.array(z.looseObject({ src: z.string() })).default([]),
});
export type ChunkResult = z.infer<typeof chunkResultSchema>;

function parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new FramewrightError('INVALID_REQUEST', `${what} payload is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const parseChunkJob = (data: unknown): ChunkJob => parse(chunkJobSchema, data, 'Chunk job');
export const parseAssembleJob = (data: unknown): AssembleJob => parse(assembleJobSchema, data, 'Assemble job');
export const parseChunkResult = (data: unknown): ChunkResult => parse(chunkResultSchema, data, 'Chunk result');

export function chunkJobId(renderId: string, index: number): string {
  return `${renderId}-chunk-${index}`;
}

export function assembleJobId(renderId: string): string {
  return `${renderId}-assemble`;
}

export function segmentKey(renderId: string, index: number, extension: string): string {
  return `renders/${renderId}/chunks/${String(index).padStart(4, '0')}${extension}`;
}

export function posterSegmentKey(renderId: string): string {
  return `renders/${renderId}/chunks/poster.jpg`;
}

/**
 * Whether this chunk captures the render's poster. Exactly one chunk does: the one whose range
 * holds the poster frame, or the first or last chunk when the frame lies before or after the
 * rendered range (the engine accepts any frame of the template). Every chunk capturing it would
 * waste work and leave the assembled render without one.
 */
export function ownsPoster(chunk: Pick<ChunkJob, 'index' | 'count' | 'frames'>, posterFrame: number): boolean {
  const [first, last] = chunk.frames;
  if (posterFrame >= first && posterFrame <= last) return true;
  if (chunk.index === 0 && posterFrame < first) return true;
  return chunk.index === chunk.count - 1 && posterFrame > last;
}

export function segmentPrefix(renderId: string): string {
  return `renders/${renderId}/chunks/`;
}
