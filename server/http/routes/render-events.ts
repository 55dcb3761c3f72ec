import { toRender } from '../../renders/render-view.ts';
import { renderIdParamsSchema } from '../../renders/schemas.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';
import { streamRecordEvents } from '../sse.ts';

export function renderEventRoutes(ctx: AppContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/renders/{id}/events',
      operationId: 'streamRenderEvents',
      summary: 'Server-Sent Events: `progress` events with the Render, then one `final` event with its final state',
      tag: 'Renders',
      request: { params: renderIdParamsSchema },
      responses: {
        200: { description: 'An event stream; each `data` is a Render (JSON)', contentType: 'text/event-stream' },
        404: { description: 'No such render (NOT_FOUND)' },
      },
      async handler({ params, res, principal }) {
        await ctx.renders.get(principal, params.id);
        await streamRecordEvents({
          res, streams: ctx.streams, logger: ctx.logger, what: 'render',
          subscribe: (listener) => ctx.events.subscribe(params.id, listener),
          read: () => ctx.renders.get(principal, params.id),
          view: (record) => toRender(record, ctx.baseUrl),
        });
      },
    }),
  ];
}
