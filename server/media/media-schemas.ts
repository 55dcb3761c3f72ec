import { z } from 'zod';
import { outputsSchema, watermarkPlacementSchema } from '../../src/media-jobs/spec.ts';
import { renderStatusSchema } from '../renders/schemas.ts';

/** The media-job contract of the HTTP API: request, the job as shown, list, webhooks. */

export const MEDIA_WEBHOOK_EVENTS = ['media.started', 'media.succeeded', 'media.failed', 'media.canceled'] as const;
export const mediaWebhookEventSchema = z.enum(MEDIA_WEBHOOK_EVENTS);
export type MediaWebhookEvent = z.infer<typeof mediaWebhookEventSchema>;
export const DEFAULT_MEDIA_EVENTS: readonly MediaWebhookEvent[] = ['media.succeeded', 'media.failed', 'media.canceled'];

/** `asset:<id>` (an upload of this key) or an http(s) URL fetched through the network guard. */
export const mediaInputRefSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => /^asset:[A-Za-z0-9_-]{1,128}$/.test(s) || /^https?:\/\/[^\s]+$/i.test(s), { message: 'must be "asset:<id>" or an http(s) URL' });

export const mediaWatermarkSchema = watermarkPlacementSchema
  .extend({ image: mediaInputRefSchema.describe('The image: "asset:<id>" or an http(s) URL (PNG with alpha works best)') })
  .meta({ id: 'MediaWatermark', description: 'Applied to every video output (transcodes and HLS renditions)' });

export const mediaJobRequestSchema = z
  .strictObject({
    input: mediaInputRefSchema.describe('The video: "asset:<id>" (POST /v1/assets) or an http(s) URL'),
    outputs: outputsSchema,
    watermark: mediaWatermarkSchema.optional(),
    webhook: z
      .strictObject({
        url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
        events: z.array(mediaWebhookEventSchema).min(1).optional().describe('Default: media.succeeded, media.failed, media.canceled'),
      })
      .optional(),
    metadata: z.record(z.string(), z.unknown()).optional().describe('Anything you want back on the job'),
  })
  .meta({ id: 'MediaJobRequest' });
export type MediaJobRequest = z.infer<typeof mediaJobRequestSchema>;

export const mediaJobOutputSchema = z
  .object({
    index: z.number().int(),
    type: z.string(),
    name: z.string().describe('video.mp4, hls, thumbnails, sprite, audio.mp3, probe.json (folders are zipped)'),
    url: z.string(),
    contentType: z.string(),
    bytes: z.number().int(),
    durationSeconds: z.number().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
  })
  .meta({ id: 'MediaJobOutput' });

export const mediaJobSchema = z
  .object({
    id: z.string(),
    status: renderStatusSchema,
    statusDetail: z.string().nullable(),
    stage: z.enum(['queued', 'probing', 'processing', 'finalizing', 'storing', 'done']),
    progress: z.number().min(0).max(1),
    etaSeconds: z.number().nullable(),
    input: z.object({ ref: z.string(), durationSeconds: z.number(), width: z.number().int().nullable(), height: z.number().int().nullable(), bytes: z.number().int() }),
    attempts: z.number().int(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    outputs: z.array(mediaJobOutputSchema),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    webhook: z.object({ url: z.string(), events: z.array(mediaWebhookEventSchema) }).nullable(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'MediaJob' });
export type MediaJobView = z.infer<typeof mediaJobSchema>;

export const mediaJobListSchema = z.object({ data: z.array(mediaJobSchema), nextCursor: z.string().nullable() }).meta({ id: 'MediaJobList' });

export const mediaJobListQuerySchema = z.strictObject({
  status: renderStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const mediaJobIdParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });
export const mediaOutputParamsSchema = z.strictObject({ id: z.string().min(1).max(100), index: z.string().regex(/^\d{1,3}$/, 'must be an output number (0, 1, ...)').describe('The output\'s position in the request\'s outputs') });

export const mediaWebhookBodySchema = z
  .object({ type: mediaWebhookEventSchema, timestamp: z.iso.datetime(), data: mediaJobSchema })
  .meta({ id: 'MediaWebhookEvent' });
