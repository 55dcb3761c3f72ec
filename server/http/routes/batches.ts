import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Request } from 'express';
import { z } from 'zod';
import { FramewrightError } from '../../../src/errors/index.ts';
import { jsonRows, parseCsvRows } from '../../../src/batch/rows.ts';
import { batchCsvFormSchema, batchIdParamsSchema, batchListQuerySchema, batchListSchema, batchRequestSchema, batchSchema, batchWebhookSchema, namingSchema } from '../../batches/batch-schemas.ts';
import type { BatchInput, BatchService } from '../../batches/batch-service.ts';
import { streamBatchZip } from '../../batches/batch-zip.ts';
import type { BatchStore } from '../../batches/batch-store.ts';
import type { RenderStore } from '../../renders/render-store.ts';
import { outputOptionsSchema } from '../../renders/schemas.ts';
import type { WebhookHistory } from '../../webhooks/history.ts';
import { webhookDeliveriesRoute } from '../../webhooks/routes.ts';
import type { AppContext } from '../app-context.ts';
import { readMultipart } from '../multipart.ts';
import { defineRoute, type Route } from '../route.ts';
import { parseRequestPart } from '../validate.ts';

export interface BatchRouteDeps {
  batches: BatchService;
  batchStore: BatchStore;
  renderStore: RenderStore;
  tmpDir: string;
  /** Where `batch.completed` deliveries are recorded (under the batch id). */
  history: WebhookHistory;
}

function jsonField(name: string, text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FramewrightError('INVALID_BODY', `Form field "${name}" is not JSON: ${(error as Error).message}`, { issues: [{ path: [name], message: 'is not JSON' }] });
  }
}

const csvFieldsSchema = z.strictObject({
  template: z.string().min(1).max(200),
  naming: namingSchema.optional(),
  output: outputOptionsSchema.optional(),
  webhook: batchWebhookSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  cache: z.enum(['true', 'false']).optional(),
});

/** A CSV upload: the form's fields as a batch request, the file's rows parsed. */
async function csvBatch(ctx: AppContext, req: Request, tmpDir: string): Promise<BatchInput> {
  const { fields, file } = await readMultipart(req, { fileField: ['file', 'rows', 'csv'], maxFileBytes: ctx.config.batches.maxUploadBytes, dir: tmpDir, limitName: 'MAX_BATCH_UPLOAD_SIZE' });
  if (!file) throw new FramewrightError('INVALID_BODY', 'Send the rows as a CSV file in the multipart field "file"', { issues: [{ path: ['file'], message: 'is required' }] });
  try {
    const webhook = fields.webhook && !fields.webhook.trim().startsWith('{') ? { url: fields.webhook.trim() } : jsonField('webhook', fields.webhook);
    const parsed = parseRequestPart(
      csvFieldsSchema,
      {
        ...fields,
        output: jsonField('output', fields.output),
        webhook,
        metadata: jsonField('metadata', fields.metadata),
      },
      'body',
    );
    const rows = parseCsvRows(await readFile(file.path));
    return { ...parsed, cache: parsed.cache === undefined ? undefined : parsed.cache === 'true', rows };
  } finally {
    await rm(file.path, { force: true });
  }
}

export function batchRoutes(ctx: AppContext, deps: BatchRouteDeps): Route[] {
  const { batches } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/v1/batches',
      operationId: 'createBatch',
      summary: 'Render one template for every row of a JSON array or a CSV file',
      description:
        'JSON `{template, rows, output?, webhook?, naming?, metadata?}`, or multipart/form-data with the rows as a CSV `file` and the other members as fields ' +
        '(`output`, `webhook`, `metadata` as JSON). Columns map to props, dotted names to nested props (`price.amount`); text cells are coerced by the template schema ' +
        '(numbers, booleans, JSON for arrays and objects; an empty cell keeps the default). Invalid rows are reported by row number and field and not rendered; the valid rows are queued. ' +
        "One key's large batch does not starve other keys: rows take turns by their place in each key's line.",
      tag: 'Batches',
      request: { body: batchRequestSchema, multipart: batchCsvFormSchema, headers: { 'Idempotency-Key': 'Makes retries of this request safe: the same key and request return the same batch (1–255 characters, kept 24 h)' } },
      responses: {
        202: { description: 'Accepted: the batch, its queued rows and its rejected rows', schema: batchSchema, headers: { Location: 'URL of the batch' } },
        404: { description: 'Unknown template (TEMPLATE_NOT_FOUND)' },
        413: { description: 'CSV over MAX_BATCH_UPLOAD_SIZE, or JSON over MAX_BODY_SIZE (PAYLOAD_TOO_LARGE)' },
        422: { description: 'No valid row (INVALID_ROWS, each row listed), more rows than MAX_BATCH_ROWS (LIMIT_EXCEEDED), malformed CSV or fields (INVALID_BODY)' },
        429: { description: 'More renders than the key may have queued (QUOTA_EXCEEDED), or the rate limit (RATE_LIMITED)' },
        409: { description: 'Idempotency-Key reused with another request, or its first request still running (IDEMPOTENCY_CONFLICT)' },
      },
      async handler({ body, req, res, principal }) {
        let input: BatchInput;
        if (body) {
          const { rows, csv, ...rest } = body;
          input = { ...rest, rows: csv !== undefined ? parseCsvRows(csv) : jsonRows(rows ?? []) };
        } else input = await csvBatch(ctx, req, deps.tmpDir);
        const { batch, replayed } = await batches.create(principal, input, req.get('idempotency-key'));
        if (replayed) res.setHeader('idempotent-replayed', 'true');
        res.status(202).location(`/v1/batches/${batch.id}`).json(batch);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/batches',
      operationId: 'listBatches',
      summary: 'List batches, newest first (counts and progress; rows in GET /v1/batches/:id)',
      tag: 'Batches',
      request: { query: batchListQuerySchema },
      responses: { 200: { description: 'A page of batches', schema: batchListSchema } },
      async handler({ query, res, principal }) {
        res.json(await batches.list(principal, query));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/batches/{id}',
      operationId: 'getBatch',
      summary: "A batch: counts by status, progress, each row's render or errors",
      tag: 'Batches',
      request: { params: batchIdParamsSchema },
      responses: { 200: { description: 'The batch', schema: batchSchema }, 404: { description: 'No such batch (NOT_FOUND)' } },
      async handler({ params, res, principal }) {
        res.json(await batches.get(principal, params.id));
      },
    }),
    webhookDeliveriesRoute({
      path: '/v1/batches/{id}/webhooks',
      operationId: 'listBatchWebhooks',
      subject: 'batch',
      tag: 'Batches',
      params: batchIdParamsSchema,
      summaryNote: ": batch.completed; each row's render has its own",
      find: (principal, id) => batches.get(principal, id),
      history: deps.history,
    }),
    defineRoute({
      method: 'post',
      path: '/v1/batches/{id}/cancel',
      operationId: 'cancelBatch',
      summary: 'Cancel every row still queued or running (finished rows keep their outputs)',
      tag: 'Batches',
      request: { params: batchIdParamsSchema },
      responses: {
        202: { description: 'Cancel accepted: the batch', schema: batchSchema },
        404: { description: 'No such batch (NOT_FOUND)' },
        409: { description: 'Every row is final already (BATCH_FINISHED)' },
      },
      async handler({ params, res, principal }) {
        res.status(202).json(await batches.cancel(principal, params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/batches/{id}/output',
      operationId: 'getBatchOutput',
      summary: "A zip of every row's output under its name, streamed",
      tag: 'Batches',
      request: { params: batchIdParamsSchema },
      responses: {
        200: { description: 'The zip (stored entries)', contentType: 'application/zip' },
        404: { description: 'No such batch (NOT_FOUND)' },
        409: { description: 'Rows are still queued or running (OUTPUT_NOT_READY)' },
      },
      async handler({ params, req, res, principal }) {
        const record = await batches.record(principal, params.id);
        if (!record.completedAt) throw new FramewrightError('OUTPUT_NOT_READY', `Batch "${params.id}" is still running: the zip is ready once every row is final`);
        const rows = await deps.batchStore.rows(params.id);
        const aborted = new AbortController();
        req.on('close', () => aborted.abort());
        await streamBatchZip(res, { storage: ctx.storage, renders: deps.renderStore }, rows, `${params.id}.zip`, aborted.signal);
      },
    }),
  ];
}

export const batchTmpDir = (dataDir: string) => path.join(dataDir, 'tmp', 'batches');
