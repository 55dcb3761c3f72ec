import { FramewrightError } from '../../../src/errors/index.ts';
import type { MediaEvents } from '../../media/media-events.ts';
import type { MediaRecord } from '../../media/media-record.ts';
import {
  mediaJobIdParamsSchema, mediaJobListQuerySchema, mediaJobListSchema, mediaJobRequestSchema, mediaJobSchema, mediaOutputParamsSchema,
} from '../../media/media-schemas.ts';
import type { MediaService } from '../../media/media-service.ts';
import { toMediaJob } from '../../media/media-view.ts';
import type { WebhookHistory } from '../../webhooks/history.ts';
import { webhookDeliveriesRoute } from '../../webhooks/routes.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';
import { streamRecordEvents } from '../sse.ts';
import { sendStored } from './render-output.ts';

const TAG = 'Media jobs';

/** The media-job endpoints: submit, read, list, cancel, download an output, follow by SSE. */
export function mediaJobRoutes(ctx: AppContext, media: { service: MediaService; events: MediaEvents; history: WebhookHistory }): Route[] {
  const view = (record: MediaRecord) => toMediaJob(record, ctx.baseUrl);
  return [
    defineRoute({
      method: 'post',
      path: '/v1/media-jobs',
      operationId: 'createMediaJob',
      summary: 'Process an uploaded video: transcodes, an HLS ladder, thumbnails, a sprite, audio, a probe, a watermark',
      description:
        'The input is fetched (an asset of this key, or a URL through the network guard), probed and checked against the ' +
        'limits before anything is queued: a file that is not media, lacks a stream an output needs, or is over a limit is a 422 naming why. ' +
        'Inputs longer than MEDIA_SPLIT_THRESHOLD are transcoded in segments by several workers and joined by stream copy. ' +
        'With an `Idempotency-Key` header, repeating the request returns the same job; the same key with another body is a 409.',
      tag: TAG,
      request: { body: mediaJobRequestSchema, headers: { 'Idempotency-Key': 'Makes retries of this request safe (1–255 characters, kept 24 h)' } },
      responses: {
        202: { description: 'Accepted: the queued job', schema: mediaJobSchema, headers: { Location: 'URL of the job' } },
        404: { description: 'No such asset (NOT_FOUND)' },
        409: { description: 'Idempotency-Key reused with another body, or its first request still running (IDEMPOTENCY_CONFLICT)' },
        422: { description: 'Invalid body (INVALID_BODY), input (MEDIA_INPUT_INVALID, MEDIA_LIMIT_EXCEEDED, ASSET_FETCH_FAILED) or webhook target' },
      },
      async handler({ body, req, res, principal }) {
        // Fetching and probing a URL input can take a while: a client that leaves stops it.
        const gone = new AbortController();
        const onClose = () => {
          if (!res.writableFinished) gone.abort(new Error('the client closed the request'));
        };
        res.once('close', onClose);
        let result;
        try {
          result = await media.service.submit(principal, body, { signal: gone.signal, idempotencyKey: req.get('idempotency-key') });
        } finally {
          res.off('close', onClose);
        }
        const { record } = result;
        if (result.replayed) res.setHeader('idempotent-replayed', 'true');
        res.status(202).location(`/v1/media-jobs/${record.id}`).json(view(record));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/media-jobs',
      operationId: 'listMediaJobs',
      summary: 'List media jobs, newest first, with cursor pagination',
      tag: TAG,
      request: { query: mediaJobListQuerySchema },
      responses: { 200: { description: 'A page of media jobs', schema: mediaJobListSchema } },
      async handler({ query, res, principal }) {
        const page = await media.service.list(principal, query);
        res.json({ data: page.records.map(view), nextCursor: page.nextCursor });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/media-jobs/{id}',
      operationId: 'getMediaJob',
      summary: 'A media job: status, stage, progress, ETA, outputs and error',
      tag: TAG,
      request: { params: mediaJobIdParamsSchema },
      responses: { 200: { description: 'The media job', schema: mediaJobSchema }, 404: { description: 'No such media job (NOT_FOUND)' } },
      async handler({ params, res, principal }) {
        res.json(view(await media.service.get(principal, params.id)));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/media-jobs/{id}/cancel',
      operationId: 'cancelMediaJob',
      summary: 'Cancel a queued or active media job (its FFmpeg is killed at once; nothing it wrote is kept)',
      tag: TAG,
      request: { params: mediaJobIdParamsSchema },
      responses: {
        202: { description: 'Cancel accepted', schema: mediaJobSchema },
        404: { description: 'No such media job (NOT_FOUND)' },
        409: { description: 'Already finished (MEDIA_JOB_FINISHED)' },
      },
      async handler({ params, res, principal }) {
        res.status(202).json(view(await media.service.cancel(principal, params.id)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/media-jobs/{id}/outputs/{index}',
      operationId: 'getMediaJobOutput',
      summary: 'Download one output (folders such as HLS, thumbnails and the sprite as a zip); Range supported, or a 302 with S3',
      tag: TAG,
      request: { params: mediaOutputParamsSchema, headers: { Range: 'bytes=start-end, for partial content' } },
      responses: {
        200: { description: 'The file', contentType: 'application/octet-stream' },
        206: { description: 'Part of the file (Range request)', contentType: 'application/octet-stream' },
        302: { description: 'S3 storage: redirect to a presigned URL', headers: { Location: 'presigned URL' } },
        404: { description: 'No such media job or output (NOT_FOUND)' },
        409: { description: 'The job has not succeeded (OUTPUT_NOT_READY)' },
      },
      async handler({ params, res, principal }) {
        const record = await media.service.get(principal, params.id);
        if (record.status !== 'succeeded' || !record.outputs) throw new FramewrightError('OUTPUT_NOT_READY', `Media job "${params.id}" has no outputs: it is ${record.status}`);
        const output = record.outputs.find((o) => o.index === Number(params.index));
        if (!output) throw new FramewrightError('NOT_FOUND', `Media job "${params.id}" has no output ${params.index} (it has ${record.outputs.length})`);
        await sendStored(ctx, res, output.key, `${params.id}-${output.isZip ? `${output.name}.zip` : output.name}`, output.contentType);
      },
    }),
    webhookDeliveriesRoute({
      path: '/v1/media-jobs/{id}/webhooks',
      operationId: 'listMediaJobWebhooks',
      subject: 'media job',
      tag: TAG,
      params: mediaJobIdParamsSchema,
      find: (principal, id) => media.service.get(principal, id),
      history: media.history,
    }),
    defineRoute({
      method: 'get',
      path: '/v1/media-jobs/{id}/events',
      operationId: 'streamMediaJobEvents',
      summary: 'Server-Sent Events: `progress` events with the MediaJob, then one `final` event',
      tag: TAG,
      request: { params: mediaJobIdParamsSchema },
      responses: { 200: { description: 'An event stream; each `data` is a MediaJob (JSON)', contentType: 'text/event-stream' }, 404: { description: 'No such media job (NOT_FOUND)' } },
      async handler({ params, res, principal }) {
        await media.service.get(principal, params.id);
        streamRecordEvents({
          res, streams: ctx.streams, logger: ctx.logger, what: 'media job',
          subscribe: (listener) => media.events.subscribe(params.id, listener),
          read: () => media.service.get(principal, params.id),
          view,
        }).catch((error: unknown) => ctx.logger.warn({ err: error, mediaJobId: params.id }, 'media job event stream failed'));
      },
    }),
  ];
}
