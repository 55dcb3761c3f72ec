import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { problemSchema } from '../http/problem.ts';
import type { Route } from '../http/route.ts';

export interface WebhookDoc {
  name: string;
  summary: string;
  body: z.ZodType;
}

function headersObject(headers: Record<string, string> | undefined): z.ZodObject | undefined {
  if (!headers) return undefined;
  return z.object(Object.fromEntries(Object.entries(headers).map(([name, description]) => [name, z.string().optional().describe(description)])));
}

function responsesOf(route: Route): Record<string, ResponseConfig> {
  const responses: Record<string, ResponseConfig> = {};
  const all = { ...route.responses };
  // Every route may answer these; listing them keeps the document honest for client generators.
  all[500] ??= { description: 'Internal error (INTERNAL)' };
  all[503] ??= { description: 'A dependency is unavailable (SERVICE_UNAVAILABLE)' };
  if (!route.public) {
    all[401] ??= { description: 'Missing, unknown or revoked API key (UNAUTHORIZED)' };
    all[429] ??= { description: 'Rate limit reached (RATE_LIMITED); see Retry-After' };
  }
  if (route.request?.body) all[400] ??= { description: 'Malformed JSON (INVALID_REQUEST)' };
  for (const [status, spec] of Object.entries(all)) {
    const code = Number(status);
    const headers = headersObject(spec.headers);
    const config: ResponseConfig = { description: spec.description, ...(headers ? { headers } : {}) };
    if (spec.schema) config.content = { [spec.contentType ?? 'application/json']: { schema: spec.schema } };
    else if (spec.contentType) config.content = { [spec.contentType]: { schema: { type: 'string', format: 'binary' } } };
    else if (code >= 400) config.content = { 'application/problem+json': { schema: problemSchema } };
    responses[status] = config;
  }
  return responses;
}

/** The OpenAPI 3.1 document, generated from the same route table and zod schemas the server runs. */
export function buildOpenApiDocument(options: { routes: Route[]; webhooks: WebhookDoc[]; serverUrl: string; version: string }): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `framewright keys create` (fw_...). Not needed while no key exists (loopback only).',
  });
  for (const route of options.routes) {
    const headers = headersObject(route.request?.headers);
    const config: RouteConfig = {
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.public ? { security: [] } : { security: [{ [bearer.name]: [] }] }),
      request: {
        ...(route.request?.params ? { params: route.request.params as z.ZodObject } : {}),
        ...(route.request?.query ? { query: route.request.query as z.ZodObject } : {}),
        ...(headers ? { headers } : {}),
        ...(route.request?.body || route.request?.multipart
          ? {
              body: {
                required: true,
                content: {
                  ...(route.request.body ? { 'application/json': { schema: route.request.body } } : {}),
                  ...(route.request.multipart ? { 'multipart/form-data': { schema: route.request.multipart } } : {}),
                },
              },
            }
          : {}),
      },
      responses: responsesOf(route),
    };
    registry.registerPath(config);
  }
  for (const hook of options.webhooks) {
    registry.registerWebhook({
      method: 'post',
      path: hook.name,
      summary: hook.summary,
      request: { body: { content: { 'application/json': { schema: hook.body } } } },
      responses: { 200: { description: 'Any 2xx acknowledges the event; 410 stops retries' } },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Framewright API',
      version: options.version,
      description: 'Programmatic video: queue renders of React templates, follow their progress, download the results.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.serverUrl }],
  });
}
