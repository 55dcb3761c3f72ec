import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { OPERATOR_PRINCIPAL } from '../../auth/principal.ts';
import { defineRoute, type Route } from '../route.ts';

const READY_TIMEOUT_MS = 5_000;

const readinessSchema = z
  .object({ status: z.enum(['ready', 'unavailable']), checks: z.record(z.string(), z.object({ ok: z.boolean(), error: z.string().optional() })) })
  .meta({ id: 'Readiness' });

function withTimeout(check: () => Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

export function opsRoutes(ctx: AppContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      summary: 'Liveness: the process serves HTTP',
      tag: 'Operations',
      public: true,
      responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
      handler({ res }) {
        res.json({ status: 'ok' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'ready',
      summary: 'Readiness: Redis reachable, a browser launchable, storage reachable',
      tag: 'Operations',
      public: true,
      responses: {
        200: { description: 'Ready', schema: readinessSchema },
        503: { description: 'A dependency is unavailable', schema: readinessSchema },
      },
      async handler({ res }) {
        const entries = await Promise.all(
          Object.entries(ctx.readiness).map(async ([name, check]) => {
            try {
              await withTimeout(check, READY_TIMEOUT_MS);
              return [name, { ok: true }] as const;
            } catch (error) {
              return [name, { ok: false, error: (error as Error).message }] as const;
            }
          }),
        );
        const ready = entries.every(([, r]) => r.ok);
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(entries) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics: queue depth, renders by status, render seconds, frames per second, usage per key',
      description:
        'Once keys exist an API key is required, and its answer carries only that key\'s `framewright_usage_*` series. ' +
        'The operator\'s scraper sends `Authorization: Bearer <METRICS_TOKEN>` instead and gets every key\'s.',
      tag: 'Operations',
      operatorToken: true,
      responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain; version=0.0.4' } },
      async handler({ res, principal }) {
        const text = await ctx.metrics.text(principal === OPERATOR_PRINCIPAL ? 'operator' : { owner: principal.owner });
        res.type(ctx.metrics.registry.contentType).send(text);
      },
    }),
  ];
}
