import { z } from 'zod';
import { renderOptionsSchema } from '../../src/render/options/registry.ts';
import { distributionOptionsSchema } from '../distributed/distribution-options.ts';

/**
 * The render contract of the HTTP API, as zod schemas: they validate requests, give the
 * TypeScript types and generate the OpenAPI document. Output options come from the engine's
 * option registry; only the ones that are the server's to choose are left out.
 */

export const RENDER_STATUSES = ['queued', 'active', 'succeeded', 'failed', 'canceled'] as const;
export const renderStatusSchema = z.enum(RENDER_STATUSES);
export type RenderStatus = z.infer<typeof renderStatusSchema>;
export const TERMINAL_STATUSES: readonly RenderStatus[] = ['succeeded', 'failed', 'canceled'];

export const WEBHOOK_EVENTS = ['render.started', 'render.succeeded', 'render.failed', 'render.canceled'] as const;
export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEventType = z.infer<typeof webhookEventSchema>;

/**
 * Render options a caller may set: the registry minus what the worker's resources decide, plus
 * how the render may be split across workers.
 */
export const outputOptionsSchema = renderOptionsSchema.omit({ concurrency: true }).extend(distributionOptionsSchema.shape).meta({
  id: 'OutputOptions',
  description: 'Encoding options (from the engine option registry). Every field is optional.',
});
export type OutputOptions = z.infer<typeof outputOptionsSchema>;

const jsonObject = z.record(z.string(), z.unknown());

export const webhookRequestSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    events: z
      .array(webhookEventSchema)
      .min(1)
      .optional()
      .describe('Events to deliver. Default: render.succeeded, render.failed, render.canceled'),
  })
  .meta({ id: 'WebhookRequest' });

export const renderRequestSchema = z
  .strictObject({
    template: z.string().min(1).max(200).describe('Template id (see GET /v1/templates)'),
    props: jsonObject.optional().describe("The template's props, merged over its defaultProps"),
    output: outputOptionsSchema.optional(),
    webhook: webhookRequestSchema.optional(),
    metadata: jsonObject.optional().describe('Anything you want back on the render (your own ids, ...)'),
    cache: z.boolean().optional().describe('Reuse an identical earlier render when there is one (default true)'),
  })
  .meta({ id: 'RenderRequest' });
export type RenderRequest = z.infer<typeof renderRequestSchema>;

export const renderOutputSchema = z
  .object({
    url: z.string().describe('GET this for the file (a redirect to a presigned URL with S3 storage)'),
    contentType: z.string(),
    bytes: z.number().int(),
    durationSeconds: z.number(),
    width: z.number().int(),
    height: z.number().int(),
    fps: z.number(),
    frames: z.number().int(),
    posterUrl: z.string().nullable(),
  })
  .meta({ id: 'RenderOutput' });

export const renderSchema = z
  .object({
    id: z.string(),
    template: z.string(),
    status: renderStatusSchema,
    statusDetail: z.string().nullable().describe('Why a render waits or retries (quota, back-off, hand-over)'),
    stage: z.enum(['queued', 'bundling', 'preparing', 'rendering', 'finalizing', 'storing', 'done']),
    progress: z.number().min(0).max(1),
    etaSeconds: z.number().nullable(),
    frames: z.object({
      rendered: z.number().int(),
      encoded: z.number().int(),
      total: z.number().int().nullable(),
      captured: z.number().int().nullable().describe('Frames captured from the page, once the render succeeded'),
      reused: z.number().int().nullable().describe('Frames that reused an earlier image because nothing on them could change, once the render succeeded'),
    }),
    attempts: z.number().int().describe('How many times a worker started this render'),
    cached: z.boolean().describe('True when the output was reused from an identical earlier render'),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    output: renderOutputSchema.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    webhook: z.object({ url: z.string(), events: z.array(webhookEventSchema) }).nullable(),
    metadata: jsonObject.nullable(),
  })
  .meta({ id: 'Render' });
export type Render = z.infer<typeof renderSchema>;

export const renderListQuerySchema = z.strictObject({
  status: renderStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().regex(/^rnd_[0-9a-z]{22}$/, 'must be the nextCursor of a previous page').optional().describe('nextCursor of the previous page'),
});

export const renderListSchema = z
  .object({ data: z.array(renderSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'RenderList' });

export const renderIdParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });
