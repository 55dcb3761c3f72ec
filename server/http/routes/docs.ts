import { z } from 'zod';
import { buildOpenApiDocument, type WebhookDoc } from '../../openapi/document.ts';
import { renderDocsPage, STUDIO_PLACEHOLDER } from '../../openapi/docs-page.ts';
import { SWAGGER_UI_ASSETS, sendSwaggerAsset, swaggerUiPage } from '../../openapi/swagger-ui.ts';
import type { AppContext } from '../app-context.ts';
import { defineRoute, type Route } from '../route.ts';

export const API_VERSION = '1.0.0';
const API_TITLE = 'Framewright API';

/** The document describes every route, these three included; built once, on first request. */
export function docsRoutes(ctx: AppContext, allRoutes: () => Route[], webhooks: WebhookDoc[]): Route[] {
  let doc: ReturnType<typeof buildOpenApiDocument> | undefined;
  let page: string | undefined;
  const document = () => (doc ??= buildOpenApiDocument({ routes: allRoutes(), webhooks, serverUrl: ctx.baseUrl, version: API_VERSION }));
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'Documentation',
      public: true,
      responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },
      handler({ res }) {
        res.json(document());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'docs',
      summary: 'Interactive API reference (Swagger UI over /openapi.json, with try-it-out)',
      tag: 'Documentation',
      public: true,
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
      handler({ res }) {
        res.type('html').send(swaggerUiPage(API_TITLE));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs/assets/{file}',
      operationId: 'docsAsset',
      summary: "The interactive reference's script and styles, served from this server (no CDN)",
      tag: 'Documentation',
      public: true,
      request: { params: z.object({ file: z.enum(SWAGGER_UI_ASSETS) }) },
      responses: { 200: { description: 'JavaScript or CSS', contentType: 'text/javascript' } },
      async handler({ params, res }) {
        await sendSwaggerAsset(res, params.file);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs/reference',
      operationId: 'docsReference',
      summary: 'The API reference as one HTML page without scripts (for strict CSPs and offline reading)',
      tag: 'Documentation',
      public: true,
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
      handler({ res }) {
        page ??= renderDocsPage(document() as unknown as Record<string, unknown>);
        res.type('html').send(page);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/studio',
      operationId: 'studio',
      summary: 'The Studio: template preview, props form, timeline, render (served by studio/ when the service runs it)',
      tag: 'Documentation',
      public: true,
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
      handler({ res }) {
        res.type('html').send(STUDIO_PLACEHOLDER);
      },
    }),
  ];
}
