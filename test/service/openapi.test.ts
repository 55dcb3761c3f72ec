import SwaggerParser from '@apidevtools/swagger-parser';
import type { Express } from 'express';
import puppeteer from 'puppeteer-core';
import { chromiumPath } from '../../src/render/binaries.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressPath } from '../../server/http/route.ts';
import { request } from './helpers/http.ts';
import { startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ worker: false });
});

afterAll(async () => {
  await svc?.stop();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every method + path Express actually routes, read from the router itself. */
function expressRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  return stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : [])).sort();
}

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const res = await request<Record<string, unknown>>(`${svc.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(res.body) as never)).resolves.toBeTruthy();
  });

  it('lists every route the server answers, and nothing else', async () => {
    const doc = (await request<{ paths: Record<string, Record<string, unknown>> }>(`${svc.url}/openapi.json`)).body;
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${expressPath(path)}`))
      .sort();
    expect(documented).toEqual(expressRoutes(svc.service.app!));
    for (const route of ['POST /v1/renders', 'GET /v1/renders/:id/events', 'GET /v1/renders/:id/output', 'POST /v1/stills', 'GET /metrics', 'GET /docs']) {
      expect(documented).toContain(route);
    }
  });

  it('derives the request schemas from the zod schemas (output options from the engine registry)', async () => {
    const doc = (await request<{ components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>(`${svc.url}/openapi.json`)).body;
    const output = doc.components.schemas.OutputOptions!.properties!;
    expect(Object.keys(output)).toEqual(expect.arrayContaining(['format', 'crf', 'preset', 'scale', 'frames']));
    expect(output).not.toHaveProperty('concurrency');
    expect(doc.components.schemas.Problem!.properties).toHaveProperty('errors');
  });

  it('renders /docs/reference from the document, without scripts', async () => {
    const res = await fetch(`${svc.url}/docs/reference`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const path of ['/v1/renders', '/v1/renders/{id}/cancel', '/v1/templates/{id}']) expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('id="schema-Render"');
    expect(html).not.toContain('<script');
  });

  it('serves /docs as Swagger UI that a browser renders from /openapi.json under the server\'s CSP', async () => {
    const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'], headless: true });
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) refused.push(m.text()); });
      await page.goto(`${svc.url}/docs`);
      // Every documented operation becomes one block with a try-it-out button.
      await page.waitForSelector('.opblock-summary-path', { timeout: 60_000 });
      const paths = await page.$$eval('.opblock-summary-path', (nodes) => nodes.map((n) => n.getAttribute('data-path')));
      expect(paths).toEqual(expect.arrayContaining(['/v1/renders', '/v1/renders/{id}/cancel', '/v1/templates/{id}']));
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
