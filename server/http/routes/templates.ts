import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';

export const templateSchema = z
  .object({
    id: z.string(),
    description: z.string().optional(),
    width: z.number().int(),
    height: z.number().int(),
    fps: z.number(),
    durationInFrames: z.number().int(),
    transparent: z.boolean(),
    folder: z.string().optional().describe('Folder path in the Studio (<Folder> names joined by "/"); absent at the top level'),
    propsSchema: z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12) of the props'),
    defaultProps: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Template' });

const problem404 = { description: 'No template has this id (TEMPLATE_NOT_FOUND)' };

export function templateRoutes(ctx: AppContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/templates',
      operationId: 'listTemplates',
      summary: 'List the templates with their props JSON Schema and defaults',
      tag: 'Templates',
      responses: { 200: { description: 'The templates', schema: z.object({ data: z.array(templateSchema) }) } },
      async handler({ res }) {
        const catalog = await ctx.catalog.get();
        res.json({ data: catalog.list() });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/templates/{id}',
      operationId: 'getTemplate',
      summary: 'One template: size, fps, duration, props JSON Schema and defaults',
      tag: 'Templates',
      request: { params: z.strictObject({ id: z.string().min(1).max(200) }) },
      responses: { 200: { description: 'The template', schema: templateSchema }, 404: problem404 },
      async handler({ params, res }) {
        const catalog = await ctx.catalog.get();
        res.json(catalog.info(params.id));
      },
    }),
  ];
}
