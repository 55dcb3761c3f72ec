import { z } from 'zod';
import { stillOptionsSchema, type StillTimings } from '../../../src/render/render-still.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';

export const stillRequestSchema = z
  .strictObject({
    template: z.string().min(1).max(200),
    props: z.record(z.string(), z.unknown()).optional(),
    // The engine's still options (frame, format, quality, scale, timeout), each optional here.
    ...stillOptionsSchema.partial().shape,
  })
  .meta({ id: 'StillRequest' });

/**
 * The still's phases as a Server-Timing header, which browsers' developer tools show per request.
 * Descriptions carry no commas: simple parsers split the header on them.
 */
function serverTiming(waitMs: number, t: StillTimings): string {
  const phases: Array<[string, number, string]> = [
    ['wait', waitMs, 'waiting for a still slot'],
    ['resolve', t.resolveMs, 'bundle check and props'],
    ['open', t.openPageMs, 'tab with the template mounted'],
    ['seek', t.seekMs, 'frame rendered and ready'],
    ['capture', t.captureMs, 'readback and encoding'],
    ['total', waitMs + t.totalMs, 'request to image'],
  ];
  return phases.map(([name, ms, desc]) => `${name};dur=${ms.toFixed(1)};desc="${desc}"`).join(', ');
}

export function stillRoutes(ctx: AppContext): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/stills',
      operationId: 'renderStill',
      summary: 'Render one frame as PNG, JPEG or WebP, synchronously, from a warm browser',
      tag: 'Stills',
      request: { body: stillRequestSchema },
      responses: {
        200: {
          description:
            'The image (Content-Type image/png, image/jpeg or image/webp). `Server-Timing` gives its phases in ms: wait (for a still slot), resolve, open, seek, capture, total',
          contentType: 'image/png',
        },
        404: { description: 'Unknown template (TEMPLATE_NOT_FOUND)' },
        422: { description: 'Invalid props or options, with `errors[].path`' },
      },
      async handler({ body, res }) {
        const controller = new AbortController();
        // The caller hung up: stop the page work instead of finishing an image nobody reads.
        const onClose = () => {
          if (!res.writableFinished) controller.abort(new Error('client disconnected'));
        };
        res.once('close', onClose);
        const { template, props, ...options } = body;
        const still = await ctx.stills.render({ template, ...(props ? { props } : {}), ...options }, controller.signal);
        ctx.metrics.stillSeconds.observe({ format: still.format }, (still.waitMs + still.timings.totalMs) / 1000);
        res.status(200).type(still.contentType).setHeader('cache-control', 'no-store');
        res.setHeader('server-timing', serverTiming(still.waitMs, still.timings));
        res.end(still.image);
      },
    }),
  ];
}
