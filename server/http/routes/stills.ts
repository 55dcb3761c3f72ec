import { z } from 'zod';
import { stillOptionsSchema } from '../../../src/render/render-still.ts';
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
        200: { description: 'The image (Content-Type image/png, image/jpeg or image/webp)', contentType: 'image/png' },
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
        res.status(200).type(still.contentType).setHeader('cache-control', 'no-store');
        res.end(still.image);
      },
    }),
  ];
}
