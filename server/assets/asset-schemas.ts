import { z } from 'zod';

/**
 * The asset contract of the HTTP API. An asset is a file uploaded once and used in props as
 * `asset:<id>`; its id is the SHA-256 of its bytes (the same file uploaded twice is one asset).
 */

export const ASSET_KINDS = ['image', 'video', 'audio', 'font'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const assetIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be an asset id (the SHA-256 of the file, 64 hex digits)');

export const assetSchema = z
  .object({
    id: assetIdSchema,
    ref: z.string().describe('Use this string in props: `asset:<id>`'),
    kind: z.enum(ASSET_KINDS).describe('What the file is, sniffed from its bytes (never from its name)'),
    contentType: z.string(),
    bytes: z.number().int(),
    fileName: z.string().nullable().describe('The name the file was uploaded with (informational)'),
    createdAt: z.iso.datetime(),
    url: z.string().describe('GET this for the bytes (immutable: cache for ever)'),
  })
  .meta({ id: 'Asset' });
export type Asset = z.infer<typeof assetSchema>;

export const assetIdParamsSchema = z.strictObject({ id: assetIdSchema });

export const assetListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().regex(/^\d{1,9}$/).optional().describe('nextCursor of the previous page'),
});

export const assetListSchema = z.object({ data: z.array(assetSchema), nextCursor: z.string().nullable() }).meta({ id: 'AssetList' });

export const assetUploadFormSchema = z
  .object({ file: z.string().meta({ format: 'binary' }).describe('The file: an image (PNG, JPEG, GIF, WebP, AVIF), a video, an audio file or a font (woff, woff2, ttf, otf)') })
  .meta({ id: 'AssetUpload' });

export const uploadUrlRequestSchema = z
  .strictObject({
    fileName: z.string().min(1).max(255).optional(),
    bytes: z.number().int().positive().describe('Exact size of the file that will be PUT'),
  })
  .meta({ id: 'AssetUploadUrlRequest' });

export const uploadUrlSchema = z
  .object({
    uploadId: z.string(),
    method: z.literal('PUT'),
    url: z.string().describe('PUT the file here (with Content-Length), straight to the object store'),
    expiresAt: z.iso.datetime(),
    completeUrl: z.string().describe('POST here once the PUT succeeded: the file is checked and becomes an asset'),
  })
  .meta({ id: 'AssetUploadUrl' });

export const uploadIdParamsSchema = z.strictObject({ uploadId: z.string().regex(/^upl_[A-Za-z0-9]{16,40}$/) });
