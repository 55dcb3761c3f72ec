import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import type { AppContext } from '../http/app-context.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { renderIdParamsSchema } from '../renders/schemas.ts';
import { webhookDeliverySchema, type WebhookHistory } from './history.ts';

/**
 * `GET …/{id}/webhooks` for anything whose events are delivered as webhooks (a render, a media
 * job, a batch): its deliveries, each with every attempt. `find` answers 404 for an id the
 * caller does not own, so the history is shown only to its owner.
 */
export function webhookDeliveriesRoute(o: {
  path: string;
  operationId: string;
  /** "render", "media job", "batch": named in the summary and the 404. */
  subject: string;
  tag: string;
  params: z.ZodType<{ id: string }>;
  summaryNote?: string;
  find: (principal: Principal, id: string) => Promise<unknown>;
  history: WebhookHistory;
}): Route {
  return defineRoute({
    method: 'get',
    path: o.path,
    operationId: o.operationId,
    summary: `The ${o.subject}'s webhook deliveries, each with every attempt (time, response code, error)${o.summaryNote ?? ''}`,
    tag: o.tag,
    request: { params: o.params },
    responses: {
      200: { description: 'Deliveries, oldest first', schema: z.object({ data: z.array(webhookDeliverySchema) }) },
      404: { description: `No such ${o.subject} (NOT_FOUND)` },
    },
    async handler({ params, res, principal }) {
      await o.find(principal, params.id);
      res.json({ data: await o.history.list(params.id) });
    },
  });
}

export function webhookRoutes(ctx: Pick<AppContext, 'renders'>, history: WebhookHistory): Route[] {
  return [
    webhookDeliveriesRoute({
      path: '/v1/renders/{id}/webhooks',
      operationId: 'listRenderWebhooks',
      subject: 'render',
      tag: 'Renders',
      params: renderIdParamsSchema,
      find: (principal, id) => ctx.renders.get(principal, id),
      history,
    }),
  ];
}
