import { z } from 'zod';
import { jsonField, millis, storedErrorSchema, toHashStrings } from '../redis/hash-record.ts';
import { renderRequestSchema, renderStatusSchema } from './schemas.ts';

/**
 * A render as the service stores it: one Redis hash of string fields. Read back through this
 * schema (a hash written by an older version, or by hand, fails loudly instead of half-working).
 */

export const progressSchema = z.object({
  stage: z.enum(['bundling', 'preparing', 'rendering', 'finalizing', 'done']),
  renderedFrames: z.number().int(),
  encodedFrames: z.number().int(),
  totalFrames: z.number().int(),
  progress: z.number(),
  etaSeconds: z.number().nullable(),
});

export const storedOutputSchema = z.object({
  /** Storage key of the file, `renders/<id>/<name>` (the source render's for a cache hit). */
  key: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
  durationSeconds: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  fps: z.number(),
  frames: z.number().int(),
  /** Frames captured from the page and frames that reused an earlier image (absent in records written before). */
  capturedFrames: z.number().int().optional(),
  reusedFrames: z.number().int().optional(),
  /** Storage key of the JPEG poster, when one was asked for. */
  posterKey: z.string().optional(),
});
export type StoredOutput = z.infer<typeof storedOutputSchema>;

export { storedErrorSchema };

/** Stage words beyond the engine's, for the parts of a render the service itself does. */
export const serviceStageSchema = z.enum(['storing']);

export const renderRecordSchema = z.object({
  id: z.string(),
  owner: z.string(),
  template: z.string(),
  status: renderStatusSchema,
  createdAt: millis,
  startedAt: millis.optional(),
  finishedAt: millis.optional(),
  request: jsonField(renderRequestSchema),
  bundleHash: z.string().optional(),
  progress: jsonField(progressSchema).optional(),
  serviceStage: serviceStageSchema.optional(),
  output: jsonField(storedOutputSchema).optional(),
  error: jsonField(storedErrorSchema).optional(),
  cacheKey: z.string().optional(),
  cachedFrom: z.string().optional(),
  statusDetail: z.string().optional(),
  attempts: z.coerce.number().int().default(0),
  worker: z.string().optional(),
  cancelRequested: z.literal('1').optional(),
  /** The batch the render is a row of, and its row number. */
  batchId: z.string().optional(),
  batchRow: z.coerce.number().int().optional(),
});
export type RenderRecord = z.infer<typeof renderRecordSchema>;

/** The hash fields of a record, as written to Redis. */
export type RecordField = keyof z.input<typeof renderRecordSchema>;

/** Serialises record fields for HSET: objects as JSON, numbers as decimal strings. */
export function toHashFields(fields: Partial<Record<RecordField, unknown>>): Record<string, string> {
  return toHashStrings(fields);
}

export function parseRecord(hash: Record<string, string>): RenderRecord {
  return renderRecordSchema.parse(hash);
}
