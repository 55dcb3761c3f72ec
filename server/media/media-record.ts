import { z } from 'zod';
import { jsonField, millis, storedErrorSchema } from '../redis/hash-record.ts';
import { renderStatusSchema } from '../renders/schemas.ts';
import { mediaJobRequestSchema } from './media-schemas.ts';

/** A media job as stored: one Redis hash of string fields (JSON where structured), read back through this schema. */
export const storedMediaOutputSchema = z.object({
  index: z.number().int(),
  type: z.string(),
  name: z.string(),
  key: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
  durationSeconds: z.number().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** A folder (HLS, thumbnails, sprite) stored as one zip. */
  isZip: z.boolean().default(false),
});
export type StoredMediaOutput = z.infer<typeof storedMediaOutputSchema>;

export const mediaInputFactsSchema = z.object({
  /** Storage key of the staged input (the worker's copy of it). */
  key: z.string(),
  ref: z.string(),
  bytes: z.number().int(),
  durationSeconds: z.number(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

export const mediaProgressSchema = z.object({
  stage: z.enum(['probing', 'processing', 'finalizing', 'done']),
  progress: z.number(),
  etaSeconds: z.number().nullable(),
  outputsDone: z.number().int(),
  outputsTotal: z.number().int(),
});

export const mediaRecordSchema = z.object({
  id: z.string(),
  owner: z.string(),
  status: renderStatusSchema,
  createdAt: millis,
  startedAt: millis.optional(),
  finishedAt: millis.optional(),
  request: jsonField(mediaJobRequestSchema),
  input: jsonField(mediaInputFactsSchema),
  /** Storage key of the staged watermark image. */
  watermarkKey: z.string().optional(),
  progress: jsonField(mediaProgressSchema).optional(),
  serviceStage: z.enum(['storing']).optional(),
  outputs: jsonField(z.array(storedMediaOutputSchema)).optional(),
  error: jsonField(storedErrorSchema).optional(),
  statusDetail: z.string().optional(),
  attempts: z.coerce.number().int().default(0),
  worker: z.string().optional(),
  cancelRequested: z.literal('1').optional(),
});
export type MediaRecord = z.infer<typeof mediaRecordSchema>;
export type MediaRecordField = keyof z.input<typeof mediaRecordSchema>;

export function parseMediaRecord(hash: Record<string, string>): MediaRecord {
  return mediaRecordSchema.parse(hash);
}
