import { toRender } from '../../renders/render-view.ts';
import { renderIdParamsSchema, renderListQuerySchema, renderListSchema, renderRequestSchema, renderSchema } from '../../renders/schemas.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';

export function renderRoutes(ctx: AppContext): Route[] {
  const view = (record: Parameters<typeof toRender>[0]) => toRender(record, ctx.baseUrl);
  return [
    defineRoute({
      method: 'post',
      path: '/v1/renders',
      operationId: 'createRender',
      summary: 'Queue a render',
      description:
        'Validates the props against the template schema and queues the render. An identical earlier render ' +
        '(same template bundle, props and output options) completes at once unless `cache` is false. ' +
        'With an `Idempotency-Key` header, repeating the request returns the same render; the same key with another body is a 409.',
      tag: 'Renders',
      request: { body: renderRequestSchema, headers: { 'Idempotency-Key': 'Makes retries of this request safe (1–255 characters, kept 24 h)' } },
      responses: {
        202: { description: 'Accepted: the render (queued, or already succeeded from the cache)', schema: renderSchema, headers: { Location: 'URL of the render' } },
        404: { description: 'Unknown template (TEMPLATE_NOT_FOUND)' },
        409: { description: 'Idempotency-Key reused with another body (IDEMPOTENCY_CONFLICT)' },
        413: { description: 'Body larger than MAX_BODY_SIZE (PAYLOAD_TOO_LARGE)' },
        422: { description: 'Invalid props (INVALID_PROPS), output options or body (INVALID_BODY), with `errors[].path`' },
      },
      async handler({ body, req, res, principal }) {
        const result = await ctx.renders.submit(principal, body, req.get('idempotency-key'));
        if (result.replayed) res.setHeader('idempotent-replayed', 'true');
        res.status(202).location(`/v1/renders/${result.record.id}`).json(view(result.record));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/renders',
      operationId: 'listRenders',
      summary: 'List renders, newest first, with cursor pagination',
      tag: 'Renders',
      request: { query: renderListQuerySchema },
      responses: { 200: { description: 'A page of renders', schema: renderListSchema } },
      async handler({ query, res, principal }) {
        const page = await ctx.renders.list(principal, query);
        res.json({ data: page.records.map(view), nextCursor: page.nextCursor });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/renders/{id}',
      operationId: 'getRender',
      summary: 'A render: status, stage, progress, output and error',
      tag: 'Renders',
      request: { params: renderIdParamsSchema },
      responses: { 200: { description: 'The render', schema: renderSchema }, 404: { description: 'No such render (NOT_FOUND)' } },
      async handler({ params, res, principal }) {
        res.json(view(await ctx.renders.get(principal, params.id)));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/renders/{id}/cancel',
      operationId: 'cancelRender',
      summary: 'Cancel a queued or active render',
      description: 'A queued render is canceled at once; an active one stops its browser pages and encoder within seconds.',
      tag: 'Renders',
      request: { params: renderIdParamsSchema },
      responses: {
        202: { description: 'Cancel accepted: the render, `canceled` or about to be', schema: renderSchema },
        404: { description: 'No such render (NOT_FOUND)' },
        409: { description: 'The render already finished (RENDER_FINISHED)' },
      },
      async handler({ params, res, principal }) {
        res.status(202).json(view(await ctx.renders.cancel(principal, params.id)));
      },
    }),
  ];
}

