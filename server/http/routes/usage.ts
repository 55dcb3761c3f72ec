import { z } from 'zod';
import { FramewrightError } from '../../../src/errors/index.ts';
import { deleteRender } from '../../renders/render-delete.ts';
import type { RenderCache } from '../../renders/render-cache.ts';
import type { RenderStore } from '../../renders/render-store.ts';
import { renderIdParamsSchema } from '../../renders/schemas.ts';
import { USAGE_FIELDS, utcDay, type UsageStore } from '../../usage/usage-store.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'must be a real date');

const usageQuerySchema = z.strictObject({
  from: date.optional().describe('First day (UTC), default 29 days before `to`'),
  to: date.optional().describe('Last day (UTC), default today'),
});

const usageNumbers = z.object(
  Object.fromEntries(
    USAGE_FIELDS.map((f) => [
      f,
      z.number().describe(
        {
          renders: 'renders that succeeded (cache hits included)',
          failedRenders: 'renders that failed',
          canceledRenders: 'renders canceled',
          cachedRenders: 'succeeded renders served from the cache (no frames rendered)',
          frames: 'frames rendered',
          renderedSeconds: 'seconds of video rendered',
          renderWallSeconds: 'seconds workers spent rendering',
          bytesStored: 'bytes written to storage (outputs and uploaded assets)',
        }[f],
      ),
    ]),
  ) as Record<(typeof USAGE_FIELDS)[number], z.ZodNumber>,
);

const usageSchema = z
  .object({
    key: z.string().describe('The API key id (or `public` with auth off)'),
    from: z.string(),
    to: z.string(),
    days: z.array(usageNumbers.extend({ date: z.string() })),
    period: usageNumbers.describe('Sums over the days asked for'),
    total: usageNumbers.describe('Since the key was created (what /metrics shows)'),
  })
  .meta({ id: 'Usage' });

const MAX_DAYS = 366;

export function usageRoutes(ctx: AppContext, deps: { usage: UsageStore; store: RenderStore; cache: RenderCache }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/usage',
      operationId: 'getUsage',
      summary: "The key's usage per day: renders, frames, seconds rendered, bytes stored",
      tag: 'Usage',
      request: { query: usageQuerySchema },
      responses: { 200: { description: 'Usage of the calling key', schema: usageSchema } },
      async handler({ query, res, principal }) {
        const to = query.to ?? utcDay(Date.now());
        const from = query.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000);
        const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
        if (span < 1 || span > MAX_DAYS) {
          throw new FramewrightError('INVALID_REQUEST', `"from" must be on or before "to", at most ${MAX_DAYS} days apart, got ${from} to ${to}`, { issues: [{ path: ['query', 'from'], message: 'out of range' }] });
        }
        const [days, total] = await Promise.all([deps.usage.days(principal.owner, from, to), deps.usage.total(principal.owner)]);
        const period = Object.fromEntries(USAGE_FIELDS.map((f) => [f, Math.round(days.reduce((sum, d) => sum + d[f], 0) * 1000) / 1000]));
        res.json({ key: principal.owner, from, to, days, period, total });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/renders/{id}',
      operationId: 'deleteRender',
      summary: "Delete a finished render: its stored files, its cache entry and its record",
      tag: 'Renders',
      request: { params: renderIdParamsSchema },
      responses: {
        204: { description: 'Deleted (GET answers 404 from now on)' },
        404: { description: 'No such render (NOT_FOUND)' },
        409: { description: 'The render is still queued or running (RENDER_NOT_FINISHED): cancel it first' },
      },
      async handler({ params, res, principal }) {
        const record = await ctx.renders.get(principal, params.id);
        await deleteRender(record, { store: deps.store, storage: ctx.storage, cache: deps.cache, logger: ctx.logger });
        res.status(204).end();
      },
    }),
  ];
}
