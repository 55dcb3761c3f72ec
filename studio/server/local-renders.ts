import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Project } from '../../src/bundle/project.ts';
import { ERROR_CODES, FramewrightError, toFramewrightError } from '../../src/errors/index.ts';
import { FORMATS } from '../../src/render/formats/formats.ts';
import { renderOptionsSchema } from '../../src/render/options/registry.ts';
import type { RenderProgress } from '../../src/render/progress.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill, stillOptionsSchema } from '../../src/render/render-still.ts';
import { RenderHost } from '../../src/render/render-host.ts';

const jsonObject = z.record(z.string(), z.unknown());
const renderBody = z.object({ template: z.string().min(1), props: jsonObject.optional(), output: renderOptionsSchema.optional() });
const stillBody = z.object({ template: z.string().min(1), props: jsonObject.optional(), ...stillOptionsSchema.partial().shape });

/** The shape the service's `GET /v1/renders/:id` has, reduced to what the Studio reads. */
export interface LocalRender {
  id: string;
  template: string;
  status: 'active' | 'succeeded' | 'failed' | 'canceled';
  stage: RenderProgress['stage'];
  progress: number;
  frames: { rendered: number; encoded: number; total: number | null };
  createdAt: string;
  output: { url: string; contentType: string; bytes: number } | null;
  error: { code: string; message: string } | null;
}

interface Entry {
  view: LocalRender;
  file?: string;
  controller: AbortController;
  listeners: Set<(view: LocalRender) => void>;
}

/**
 * The render endpoints of the service (`/v1/renders`, its events and output, `/v1/stills`) for
 * `framewright studio`, run on the engine in this process with one warm browser. Same paths
 * and shapes as the service, so the Studio page has one client for both.
 */
export function localRenderRoutes(project: Project): { router: Router; close(): Promise<void> } {
  const host = new RenderHost();
  const renders = new Map<string, Entry>();
  const outDir = path.join(project.config.dataDir, 'studio-renders');
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  const problem = (res: Response, error: unknown) => {
    const e = toFramewrightError(error);
    res.status(e.status).type('application/problem+json').json({ title: ERROR_CODES[e.code].title, status: e.status, code: e.code, detail: e.message, ...(e.issues ? { errors: e.issues } : {}) });
  };

  const update = (entry: Entry, patch: Partial<LocalRender>) => {
    Object.assign(entry.view, patch);
    for (const l of entry.listeners) l(entry.view);
  };

  router.post('/v1/renders', async (req, res) => {
    const body = renderBody.safeParse(req.body);
    if (!body.success) return problem(res, new FramewrightError('INVALID_BODY', z.prettifyError(body.error)));
    const { template, props, output = {} } = body.data;
    // As the service does: an unknown template (404) or invalid props (422) are refused at once.
    try {
      await (await project.catalog()).resolve(template, props ?? {});
    } catch (error) {
      return problem(res, error);
    }
    const id = `rnd_${randomBytes(8).toString('hex')}`;
    const format = output.format ?? 'mp4';
    const file = path.join(outDir, `${id}${FORMATS[format].extension}`);
    const entry: Entry = {
      controller: new AbortController(),
      listeners: new Set(),
      view: { id, template, status: 'active', stage: 'bundling', progress: 0, frames: { rendered: 0, encoded: 0, total: null }, createdAt: new Date().toISOString(), output: null, error: null },
    };
    renders.set(id, entry);
    res.status(202).json(entry.view);
    try {
      await mkdir(outDir, { recursive: true });
      const result = await renderMedia({
        ...output,
        project,
        template,
        ...(props ? { props } : {}),
        output: file,
        host,
        signal: entry.controller.signal,
        onProgress: (p) => update(entry, { stage: p.stage, progress: p.progress, frames: { rendered: p.renderedFrames, encoded: p.encodedFrames, total: p.totalFrames } }),
      });
      entry.file = result.zip ?? result.output;
      update(entry, { status: 'succeeded', stage: 'done', progress: 1, output: { url: `/v1/renders/${id}/output`, contentType: result.zip ? 'application/zip' : result.contentType, bytes: result.bytes } });
    } catch (error) {
      const e = toFramewrightError(error);
      update(entry, { status: e.code === 'CANCELED' ? 'canceled' : 'failed', stage: 'done', error: { code: e.code, message: e.message } });
    }
  });

  router.get('/v1/renders', (_req, res) => {
    res.json({ data: [...renders.values()].map((e) => e.view).reverse(), nextCursor: null });
  });

  const find = (req: Request, res: Response): Entry | undefined => {
    const entry = renders.get(String(req.params.id));
    if (!entry) problem(res, new FramewrightError('NOT_FOUND', `No render ${String(req.params.id)}`));
    return entry;
  };

  router.get('/v1/renders/:id', (req, res) => {
    const entry = find(req, res);
    if (entry) res.json(entry.view);
  });

  router.post('/v1/renders/:id/cancel', (req, res) => {
    const entry = find(req, res);
    if (!entry) return;
    entry.controller.abort();
    res.status(202).json(entry.view);
  });

  router.get('/v1/renders/:id/events', (req, res) => {
    const entry = find(req, res);
    if (!entry) return;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform' });
    let sequence = 0;
    const send = (view: LocalRender) => {
      const final = view.status !== 'active';
      res.write(`id: ${++sequence}\nevent: ${final ? 'final' : 'progress'}\ndata: ${JSON.stringify(view)}\n\n`);
      if (final) {
        entry.listeners.delete(send);
        res.end();
      }
    };
    entry.listeners.add(send);
    req.once('close', () => entry.listeners.delete(send));
    send(entry.view);
  });

  router.get('/v1/renders/:id/output', (req, res) => {
    const entry = find(req, res);
    if (!entry) return;
    if (!entry.file) return problem(res, new FramewrightError('NOT_FOUND', 'The render has no output yet'));
    res.download(entry.file, `${entry.view.template}-${entry.view.id}${path.extname(entry.file)}`);
  });

  router.post('/v1/stills', async (req, res) => {
    const body = stillBody.safeParse(req.body);
    if (!body.success) return problem(res, new FramewrightError('INVALID_BODY', z.prettifyError(body.error)));
    const { template, props, ...options } = body.data;
    try {
      const still = await renderStill({ ...options, project, template, ...(props ? { props } : {}), host });
      res.status(200).type(still.contentType).setHeader('cache-control', 'no-store');
      res.end(still.image);
    } catch (error) {
      problem(res, error);
    }
  });

  return {
    router,
    async close() {
      for (const e of renders.values()) e.controller.abort();
      await host.close();
    },
  };
}
