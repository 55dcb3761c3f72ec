import type { Response } from 'express';
import { FramewrightError } from '../../../src/errors/index.ts';
import type { StoredOutput } from '../../renders/render-record.ts';
import type { Principal } from '../../auth/principal.ts';
import { renderIdParamsSchema } from '../../renders/schemas.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';

/** Streams a local file with Range and conditional-GET support (Express's `send`). */
function sendFile(res: Response, file: string, downloadName: string, contentType: string): Promise<void> {
  return new Promise((resolve, reject) => {
    res.sendFile(
      file,
      {
        acceptRanges: true,
        dotfiles: 'allow',
        headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${downloadName}"`, 'cache-control': 'private, max-age=3600' },
      },
      (error?: Error & { code?: string }) => {
        if (!error) return resolve();
        if (error.code === 'ENOENT') return reject(new FramewrightError('NOT_FOUND', 'The output file is gone from storage', { cause: error }));
        // `send` refuses a Range it cannot satisfy (bytes=5-2, a start past the end) with 416.
        const status = (error as { status?: unknown }).status;
        if (status === 416) {
          const size = (error as { headers?: Record<string, string> }).headers?.['Content-Range'];
          if (size) res.setHeader('content-range', size);
          return reject(new FramewrightError('RANGE_NOT_SATISFIABLE', `The Range header asks for bytes outside the file (${size ?? 'size unknown'})`, { cause: error }));
        }
        if (typeof status === 'number' && status >= 400 && status < 500) {
          return reject(new FramewrightError('INVALID_REQUEST', `The download request was refused: ${error.message}`, { cause: error }));
        }
        // The client went away mid-download: nothing left to answer.
        if (error.code === 'ECONNABORTED' || res.headersSent) return resolve();
        reject(error);
      },
    );
  });
}

/** The stored output of a render the caller owns; OUTPUT_NOT_READY until it has succeeded. */
async function succeededOutput(ctx: AppContext, principal: Principal, id: string): Promise<StoredOutput> {
  const record = await ctx.renders.get(principal, id);
  if (record.status !== 'succeeded' || !record.output) {
    throw new FramewrightError('OUTPUT_NOT_READY', `Render "${id}" has no output: it is ${record.status}`);
  }
  return record.output;
}

/** Streams a stored file from local storage, or redirects to its presigned URL (S3). */
export async function sendStored(ctx: AppContext, res: Response, key: string, downloadName: string, contentType: string): Promise<void> {
  const located = await ctx.storage.locate(key, { downloadName });
  if (located.kind === 'url') return res.redirect(302, located.url);
  await sendFile(res, located.path, downloadName, contentType);
}

export function renderOutputRoutes(ctx: AppContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/renders/{id}/output',
      operationId: 'getRenderOutput',
      summary: 'Download the rendered file (HTTP Range supported), or a 302 to a presigned URL with S3 storage',
      tag: 'Renders',
      request: { params: renderIdParamsSchema, headers: { Range: 'bytes=start-end, for partial content' } },
      responses: {
        200: { description: 'The file', contentType: 'video/mp4' },
        206: { description: 'Part of the file (Range request)', contentType: 'video/mp4' },
        302: { description: 'S3 storage: redirect to a presigned URL', headers: { Location: 'presigned URL' } },
        404: { description: 'No such render (NOT_FOUND)' },
        409: { description: 'The render has not succeeded (OUTPUT_NOT_READY)' },
      },
      async handler({ params, res, principal }) {
        const output = await succeededOutput(ctx, principal, params.id);
        const downloadName = `${params.id}${output.fileName.slice(output.fileName.lastIndexOf('.'))}`;
        await sendStored(ctx, res, output.key, downloadName, output.contentType);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/renders/{id}/poster',
      operationId: 'getRenderPoster',
      summary: 'Download the JPEG poster of a render that asked for one (`output.poster`), or a 302 to a presigned URL',
      tag: 'Renders',
      request: { params: renderIdParamsSchema },
      responses: {
        200: { description: 'The poster', contentType: 'image/jpeg' },
        302: { description: 'S3 storage: redirect to a presigned URL', headers: { Location: 'presigned URL' } },
        404: { description: 'No such render, or it has no poster (NOT_FOUND)' },
        409: { description: 'The render has not succeeded (OUTPUT_NOT_READY)' },
      },
      async handler({ params, res, principal }) {
        const output = await succeededOutput(ctx, principal, params.id);
        if (!output.posterKey) throw new FramewrightError('NOT_FOUND', `Render "${params.id}" has no poster (ask for one with output.poster)`);
        await sendStored(ctx, res, output.posterKey, `${params.id}-poster.jpg`, 'image/jpeg');
      },
    }),
  ];
}
