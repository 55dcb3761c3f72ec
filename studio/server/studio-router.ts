import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Project } from '../../src/bundle/project.ts';
import { studioAppBundle } from './app-bundle.ts';
import { renderOptionsJsonSchema } from './render-options-schema.ts';
import { TemplateBuilder, type BuildState } from './template-builder.ts';

/** `local`: `framewright studio` renders with the engine in-process; `service`: under `framewright serve`, through the API. */
export type StudioMode = 'local' | 'service';

export interface StudioOptions {
  project: Project;
  mode: StudioMode;
  /** Render options the render target does not accept. */
  omitOptions?: readonly string[];
  onBuildError?: (error: unknown) => void;
  /**
   * Build at once rather than on the first request. `framewright studio` does (the author opens
   * it next); under `framewright serve` the Studio costs nothing until someone opens it.
   * @defaultValue false
   */
  eager?: boolean;
}

export interface Studio {
  router: Router;
  builder: TemplateBuilder;
  /** Starts building (once) and resolves with the first build's state. */
  ready(): Promise<BuildState | undefined>;
  close(): Promise<void>;
}

// The Studio page loads only its own scripts; templates may show remote images, fonts and media.
// 'unsafe-eval': the props form's JSON Schema validator (ajv) compiles validators to functions.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http: https:",
  "media-src 'self' data: blob: http: https:",
  "font-src 'self' data: http: https:",
  "connect-src 'self'",
].join('; ');

const locateBody = z.object({ stack: z.string().max(100_000) });

function indexHtml(base: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Framewright Studio</title><base href="${base}"><link rel="stylesheet" href="app.css"></head>
<body><div id="studio"></div><script type="module" src="app.js"></script></body></html>
`;
}

/** The Studio as an Express router: mount it at `/studio`. */
export function createStudio(options: StudioOptions): Studio {
  const { project, mode } = options;
  const builder = new TemplateBuilder(project.config.templateRoot, project.config.projectDir);
  let started: Promise<BuildState | undefined> | undefined;
  const ready = () =>
    (started ??= (async () => {
      // The app and the templates build side by side.
      void studioAppBundle().catch((error: unknown) => options.onBuildError?.(error));
      return builder.start();
    })().catch((error: unknown) => {
      options.onBuildError?.(error);
      return undefined;
    }));
  if (options.eager) void ready();
  const optionsSchema = renderOptionsJsonSchema(options.omitOptions ?? []);
  const streams = new Set<Response>();

  const router = express.Router();
  router.use((_req, res, next) => {
    void ready();
    res.setHeader('content-security-policy', CSP);
    next();
  });

  router.get('/', (req: Request, res: Response) => {
    // Relative URLs in the page need the trailing slash.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${req.baseUrl}/${req.originalUrl.slice(req.baseUrl.length).replace(/^\/?/, '')}`);
    res.type('html').setHeader('cache-control', 'no-store');
    res.send(indexHtml(`${req.baseUrl}/`));
  });

  router.get(/^\/(app\.(?:js|css)(?:\.map)?)$/, async (req: Request, res: Response, next) => {
    try {
      const file = (await studioAppBundle()).files.get(String(req.params[0]));
      if (!file) return next();
      res.type(file.contentType).setHeader('cache-control', 'no-cache');
      res.end(Buffer.from(file.contents));
    } catch (error) {
      next(error);
    }
  });

  router.get(/^\/build\/(.+)$/, async (req: Request, res: Response, next) => {
    await ready();
    const name = String(req.params[0]);
    const contents = builder.file(name);
    if (!contents) return next();
    res.type(name.endsWith('.js') ? 'text/javascript' : name.endsWith('.map') ? 'application/json' : name).setHeader('cache-control', 'no-store');
    res.end(Buffer.from(contents));
  });

  router.use('/public', express.static(project.config.publicDir, { fallthrough: true, index: false }));

  router.get('/api/info', (_req, res) => {
    res.json({ mode, renderOptionsSchema: optionsSchema });
  });

  router.get('/api/events', async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
    streams.add(res);
    const send = (state: BuildState) => res.write(`event: build\ndata: ${JSON.stringify(state)}\n\n`);
    const unsubscribe = builder.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.once('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
    await ready();
    if (builder.state) send(builder.state);
  });

  router.post('/api/locate', express.json({ limit: '256kb' }), async (req, res) => {
    const body = locateBody.safeParse(req.body);
    if (!body.success) return res.status(400).json({ message: '"stack" must be a string' });
    res.json(await builder.locateStack(body.data.stack));
  });

  return {
    router,
    builder,
    ready,
    async close() {
      for (const res of streams) res.end();
      streams.clear();
      await builder.close();
    },
  };
}
