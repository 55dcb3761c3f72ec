import type { Response } from 'express';
import { FramewrightError } from '../../../src/errors/index.ts';
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
        // The client went away mid-download: nothing left to answer.
        if (error.code === 'ECONNABORTED' || res.headersSent) return resolve();
        reject(error);
      },
    );
  });
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
        const record = await ctx.renders.get(principal, params.id);
        if (record.status !== 'succeeded' || !record.output) {
          throw new FramewrightError('OUTPUT_NOT_READY', `Render "${params.id}" has no output: it is ${record.status}`);
        }
        const downloadName = `${record.id}${record.output.fileName.slice(record.output.fileName.lastIndexOf('.'))}`;
        const located = await ctx.storage.locate(record.output.key, { downloadName });
        if (located.kind === 'url') return res.redirect(302, located.url);
        await sendFile(res, located.path, downloadName, record.output.contentType);
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
        const record = await ctx.renders.get(principal, params.id);
        if (record.status !== 'succeeded' || !record.output) {
          throw new FramewrightError('OUTPUT_NOT_READY', `Render "${params.id}" has no output: it is ${record.status}`);
        }
        if (!record.output.posterKey) throw new FramewrightError('NOT_FOUND', `Render "${params.id}" has no poster (ask for one with output.poster)`);
        const downloadName = `${record.id}-poster.jpg`;
        const located = await ctx.storage.locate(record.output.posterKey, { downloadName });
        if (located.kind === 'url') return res.redirect(302, located.url);
        await sendFile(res, located.path, downloadName, 'image/jpeg');
      },
    }),
  ];
}
