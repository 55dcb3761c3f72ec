import type { Response } from 'express';
import { FramewrightError } from '../../../src/errors/index.ts';
import { assetKey, type AssetService } from '../../assets/asset-service.ts';
import {
  assetIdParamsSchema,
  assetListQuerySchema,
  assetListSchema,
  assetSchema,
  assetUploadFormSchema,
  uploadIdParamsSchema,
  uploadUrlRequestSchema,
  uploadUrlSchema,
} from '../../assets/asset-schemas.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';

/** Content-addressed: the bytes behind an id never change, so any cache may keep them for ever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function sendAsset(res: Response, file: string, contentType: string, etag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    res.sendFile(file, { acceptRanges: true, dotfiles: 'allow', etag: false, lastModified: false, headers: { 'content-type': contentType, 'cache-control': IMMUTABLE, etag } }, (error?: Error & { code?: string }) => {
      if (!error) return resolve();
      if (error.code === 'ENOENT') return reject(new FramewrightError('NOT_FOUND', 'The asset file is gone from storage', { cause: error }));
      if (error.code === 'ECONNABORTED' || res.headersSent) return resolve();
      reject(error);
    });
  });
}

export function assetRoutes(ctx: AppContext, assets: AssetService): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/assets',
      operationId: 'uploadAsset',
      summary: 'Upload an image, video, audio file or font to use in props as `asset:<id>`',
      description:
        'multipart/form-data with the file in the field `file`. The type is sniffed from the bytes (the name and the claimed type are ignored). ' +
        'The id is the SHA-256 of the file: uploading the same bytes again returns the same asset (200 instead of 201).',
      tag: 'Assets',
      request: { multipart: assetUploadFormSchema },
      responses: {
        201: { description: 'The new asset', schema: assetSchema, headers: { Location: 'URL of the asset' } },
        200: { description: 'This key already had these bytes: the existing asset', schema: assetSchema },
        413: { description: 'The file is larger than MAX_ASSET_SIZE (PAYLOAD_TOO_LARGE)' },
        415: { description: 'Not an image, video, audio or font file (ASSET_TYPE_NOT_ALLOWED), or not multipart (UNSUPPORTED_MEDIA_TYPE)' },
        422: { description: 'No `file` field (INVALID_BODY)' },
      },
      async handler({ req, res, principal }) {
        const { record, created } = await assets.upload(principal, req);
        res.status(created ? 201 : 200).location(`/v1/assets/${record.id}`).json(assets.view(record));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/assets/upload-url',
      operationId: 'createAssetUploadUrl',
      summary: 'A presigned URL to PUT a large file straight to S3, then complete it into an asset',
      tag: 'Assets',
      request: { body: uploadUrlRequestSchema },
      responses: {
        201: { description: 'Where to PUT the file, and where to POST once it is there', schema: uploadUrlSchema },
        413: { description: 'Larger than MAX_ASSET_SIZE (PAYLOAD_TOO_LARGE)' },
        501: { description: 'Local storage (STORAGE_UNSUPPORTED): upload to POST /v1/assets instead' },
      },
      async handler({ body, res, principal }) {
        const upload = await assets.createUploadUrl(principal, body);
        res.status(201).json({
          uploadId: upload.uploadId,
          method: 'PUT',
          url: upload.url,
          expiresAt: upload.expiresAt.toISOString(),
          completeUrl: `${ctx.baseUrl}/v1/assets/uploads/${upload.uploadId}/complete`,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/assets/uploads/{uploadId}/complete',
      operationId: 'completeAssetUpload',
      summary: 'Turn a file PUT to a presigned URL into an asset (sniffed and checked like a direct upload)',
      tag: 'Assets',
      request: { params: uploadIdParamsSchema },
      responses: {
        201: { description: 'The new asset', schema: assetSchema },
        200: { description: 'This key already had these bytes: the existing asset', schema: assetSchema },
        404: { description: 'No such pending upload, or nothing was PUT (NOT_FOUND)' },
        413: { description: 'Larger than MAX_ASSET_SIZE (PAYLOAD_TOO_LARGE)' },
        415: { description: 'Not an image, video, audio or font file (ASSET_TYPE_NOT_ALLOWED)' },
      },
      async handler({ params, res, principal }) {
        const { record, created } = await assets.completeUpload(principal, params.uploadId);
        res.status(created ? 201 : 200).location(`/v1/assets/${record.id}`).json(assets.view(record));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/assets',
      operationId: 'listAssets',
      summary: "List the key's assets, newest first",
      tag: 'Assets',
      request: { query: assetListQuerySchema },
      responses: { 200: { description: 'A page of assets', schema: assetListSchema } },
      async handler({ query, res, principal }) {
        const page = await assets.list(principal, query);
        res.json({ data: page.records.map((r) => assets.view(r)), nextCursor: page.nextCursor });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/assets/{id}',
      operationId: 'getAsset',
      summary: 'An asset: kind, type, size and URL',
      tag: 'Assets',
      request: { params: assetIdParamsSchema },
      responses: { 200: { description: 'The asset', schema: assetSchema }, 404: { description: 'No such asset for this key (NOT_FOUND)' } },
      async handler({ params, res, principal }) {
        res.json(assets.view(await assets.get(principal, params.id)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/assets/{id}/content',
      operationId: 'getAssetContent',
      summary: 'The bytes of an asset (immutable: cached for a year), or a 302 to a presigned URL with S3 storage',
      tag: 'Assets',
      request: { params: assetIdParamsSchema },
      responses: {
        200: { description: 'The file', contentType: 'application/octet-stream', headers: { 'Cache-Control': IMMUTABLE } },
        302: { description: 'S3 storage: redirect to a presigned URL', headers: { Location: 'presigned URL' } },
        404: { description: 'No such asset for this key (NOT_FOUND)' },
      },
      async handler({ params, res, principal }) {
        const record = await assets.get(principal, params.id);
        const located = await ctx.storage.locate(assetKey(record.id), { downloadName: record.fileName ?? record.id });
        res.setHeader('cache-control', IMMUTABLE);
        if (located.kind === 'url') return res.redirect(302, located.url);
        await sendAsset(res, located.path, record.contentType, `"${record.id}"`);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/assets/{id}',
      operationId: 'deleteAsset',
      summary: 'Delete an asset (renders already queued with it will fail to load it)',
      tag: 'Assets',
      request: { params: assetIdParamsSchema },
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such asset for this key (NOT_FOUND)' } },
      async handler({ params, res, principal }) {
        await assets.delete(principal, params.id);
        res.status(204).end();
      },
    }),
  ];
}
