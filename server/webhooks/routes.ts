import { z } from 'zod';
import type { AppContext } from '../http/app-context.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { renderIdParamsSchema } from '../renders/schemas.ts';
import { webhookDeliverySchema, type WebhookHistory } from './history.ts';

export function webhookRoutes(ctx: Pick<AppContext, 'renders'>, history: WebhookHistory): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/renders/{id}/webhooks',
      operationId: 'listRenderWebhooks',
      summary: "The render's webhook deliveries, each with every attempt (time, response code, error)",
      tag: 'Renders',
      request: { params: renderIdParamsSchema },
      responses: {
        200: { description: 'Deliveries, oldest first', schema: z.object({ data: z.array(webhookDeliverySchema) }) },
        404: { description: 'No such render (NOT_FOUND)' },
      },
      async handler({ params, res, principal }) {
        await ctx.renders.get(principal, params.id);
        res.json({ data: await history.list(params.id) });
      },
    }),
  ];
}
