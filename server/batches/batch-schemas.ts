import { z } from 'zod';
import { outputOptionsSchema, renderStatusSchema } from '../renders/schemas.ts';

/**
 * The batch contract of the HTTP API: one template, many rows of props, one render per valid row.
 */

const jsonObject = z.record(z.string(), z.unknown());

export const batchWebhookSchema = z
  .strictObject({ url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) })
  .describe('Receives `batch.completed` once every row is final')
  .meta({ id: 'BatchWebhook' });

export const namingSchema = z
  .string()
  .min(1)
  .max(200)
  .describe('Output file name pattern, e.g. `{{sku}}-{{lang}}.mp4`: placeholders are columns (dotted too) or `{{row}}`. Sanitised and made unique. Default `{{row}}`');

export const batchRequestSchema = z
  .strictObject({
    template: z.string().min(1).max(200).describe('Template id (see GET /v1/templates)'),
    rows: z
      .array(jsonObject)
      .min(1)
      .optional()
      .describe('One object per video: its props, column by column. Dotted names (`price.amount`) nest; text values are coerced by the template schema'),
    csv: z.string().min(1).optional().describe('The rows as CSV text instead of `rows` (a header line names the columns)'),
    output: outputOptionsSchema.optional(),
    webhook: batchWebhookSchema.optional(),
    naming: namingSchema.optional(),
    metadata: jsonObject.optional().describe('Anything you want back on the batch'),
    cache: z.boolean().optional().describe('Reuse identical earlier renders (default true)'),
  })
  .refine((b) => (b.rows === undefined) !== (b.csv === undefined), { message: 'send the rows as either `rows` (JSON objects) or `csv` (text), not both or neither', path: ['rows'] })
  .meta({ id: 'BatchRequest' });
export type BatchRequest = z.infer<typeof batchRequestSchema>;

export const batchCsvFormSchema = z
  .object({
    template: z.string().describe('Template id'),
    file: z.string().meta({ format: 'binary' }).describe('The rows as CSV: a header line names the columns (dotted names nest)'),
    naming: namingSchema.optional(),
    output: z.string().optional().describe('Output options as JSON'),
    webhook: z.string().optional().describe('Webhook as JSON ({"url": ...}) or a bare URL'),
    metadata: z.string().optional().describe('Metadata as JSON'),
    cache: z.enum(['true', 'false']).optional(),
  })
  .meta({ id: 'BatchCsvUpload' });

export const rowIssueSchema = z.object({
  field: z.string().describe('Dotted path of the prop (`price.amount`), or "" for the whole row'),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});

export const invalidRowSchema = z.object({
  row: z.number().int().describe('1-based data row (the CSV header is not a row)'),
  line: z.number().int().nullable().describe('CSV line the row starts on'),
  code: z.string().describe('INVALID_PROPS, LIMIT_EXCEEDED, ...'),
  errors: z.array(rowIssueSchema),
});
export type InvalidRow = z.infer<typeof invalidRowSchema>;

export const BATCH_STATUSES = ['running', 'completed', 'canceled'] as const;

export const batchRowSchema = z
  .object({
    row: z.number().int().describe('1-based data row (the CSV header is not a row)'),
    line: z.number().int().nullable().describe('CSV line the row starts on (null for JSON rows)'),
    name: z.string().nullable().describe('Output file name (in the zip); null for an invalid row'),
    renderId: z.string().nullable().describe('The render of the row; null for an invalid row'),
    status: z.union([renderStatusSchema, z.literal('invalid')]).describe('The render status, or `invalid` for a row that was not rendered'),
    progress: z.number().min(0).max(1),
    error: z
      .object({ code: z.string(), message: z.string(), errors: z.array(rowIssueSchema).optional().describe('Invalid rows: each field and what is wrong with it') })
      .nullable(),
    outputUrl: z.string().nullable(),
  })
  .meta({ id: 'BatchRow' });

export const batchSchema = z
  .object({
    id: z.string(),
    template: z.string(),
    status: z.enum(BATCH_STATUSES).describe('completed (or canceled) once every row is final'),
    counts: z
      .object({
        rows: z.number().int().describe('Rows received'),
        accepted: z.number().int().describe('Valid rows, queued as renders'),
        rejected: z.number().int().describe('Invalid rows, not rendered'),
        queued: z.number().int(),
        active: z.number().int(),
        succeeded: z.number().int(),
        failed: z.number().int(),
        canceled: z.number().int(),
      })
      .describe('How many rows were accepted and rejected, and the accepted ones by render status'),
    progress: z.number().min(0).max(1),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    naming: z.string().nullable(),
    ignoredColumns: z
      .array(z.string())
      .describe('Columns that name no prop of the template (other than `_` columns): not used as props, only in the naming pattern. Check these for typos'),
    metadata: jsonObject.nullable(),
    outputUrl: z.string().describe('GET this for a zip of every output, once the batch completed'),
    rows: z.array(batchRowSchema).optional().describe("Every row in order: its render id, name and status, or its errors (omitted in lists)"),
  })
  .meta({ id: 'Batch' });
export type Batch = z.infer<typeof batchSchema>;

export const batchIdParamsSchema = z.strictObject({ id: z.string().regex(/^bat_[0-9a-z]{22}$/, 'must be a batch id (bat_...)') });

export const batchListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const batchListSchema = z.object({ data: z.array(batchSchema), nextCursor: z.string().nullable() }).meta({ id: 'BatchList' });
