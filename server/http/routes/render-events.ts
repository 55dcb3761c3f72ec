import type { Response } from 'express';
import type { RenderRecord } from '../../renders/render-record.ts';
import { toRender } from '../../renders/render-view.ts';
import { renderIdParamsSchema, TERMINAL_STATUSES } from '../../renders/schemas.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';

const HEARTBEAT_MS = 15_000;

function writeEvent(res: Response, event: 'progress' | 'final', id: number, data: unknown): void {
  res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

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
        let sequence = 0;
        let closed = false;
        let unsubscribe: (() => Promise<void>) | undefined;
        let heartbeat: NodeJS.Timeout | undefined;
        const close = () => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          ctx.streams.delete(res);
          unsubscribe?.().catch((error: unknown) => ctx.logger.warn({ err: error }, 'unsubscribing from render events failed'));
          res.end();
        };
        const send = (record: RenderRecord) => {
          if (closed) return;
          const final = TERMINAL_STATUSES.includes(record.status);
          writeEvent(res, final ? 'final' : 'progress', ++sequence, toRender(record, ctx.baseUrl));
          if (final) close();
        };
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          // Proxies such as nginx would otherwise buffer the stream.
          'x-accel-buffering': 'no',
        });
        ctx.streams.add(res);
        res.once('close', close);
        // Subscribe before reading, so no update between the read and the subscription is lost.
        unsubscribe = await ctx.events.subscribe(params.id, send);
        // The client may have gone while the subscription was being set up.
        if (closed) return void (await unsubscribe());
        const current = await ctx.renders.get(principal, params.id);
        send(current);
        if (!closed) heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      },
    }),
  ];
}
