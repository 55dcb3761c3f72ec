import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { FramewrightError } from '../../src/errors/index.ts';
import type { WebhookDoc } from '../openapi/document.ts';
import { isOperatorToken } from '../auth/operator-token.ts';
import { OPERATOR_PRINCIPAL, PUBLIC_PRINCIPAL } from '../auth/principal.ts';
import type { AppContext } from './app-context.ts';
import { assertJsonDepth, JSON_TYPES, jsonBodyReader } from './json-body.ts';
import { problemHandler } from './problem.ts';
import { requestContext } from './request-context.ts';
import { expressPath, type Route } from './route.ts';
import { docsRoutes } from './routes/docs.ts';
import { opsRoutes } from './routes/ops.ts';
import { renderEventRoutes } from './routes/render-events.ts';
import { renderOutputRoutes } from './routes/render-output.ts';
import { renderRoutes } from './routes/renders.ts';
import { stillRoutes } from './routes/stills.ts';
import { templateRoutes } from './routes/templates.ts';
import { parseRequestPart } from './validate.ts';

/** Every route of the API, in the order the docs list them. */
export function apiRoutes(ctx: AppContext, webhooks: WebhookDoc[]): Route[] {
  const routes: Route[] = [];
  routes.push(
    ...templateRoutes(ctx),
    ...renderRoutes(ctx),
    ...renderOutputRoutes(ctx),
    ...renderEventRoutes(ctx),
    ...ctx.extraRoutes,
    ...stillRoutes(ctx),
    ...opsRoutes(ctx),
    ...docsRoutes(ctx, () => routes, webhooks),
  );
  return routes;
}

function handlerFor(route: Route, ctx: AppContext, readBody: (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => Promise<void>): RequestHandler {
  return async (req, res) => {
    res.locals.route = route.path;
    const principal = route.public
      ? PUBLIC_PRINCIPAL
      : route.operatorToken && isOperatorToken(req, ctx.config.http.metricsToken)
        ? OPERATOR_PRINCIPAL
        : await ctx.gatekeeper.admit(req, res);
    res.locals.owner = principal.owner;
    const params = route.request?.params ? parseRequestPart(route.request.params, req.params, 'path') : undefined;
    const query = route.request?.query ? parseRequestPart(route.request.query, req.query, 'query') : undefined;
    let body: unknown;
    const multipart = route.request?.multipart !== undefined && Boolean(req.is('multipart/form-data'));
    if (route.request?.multipart && !route.request.body && !multipart) {
      throw new FramewrightError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as multipart/form-data');
    }
    if (route.request?.body && !multipart) {
      if (!req.is(JSON_TYPES)) {
        throw new FramewrightError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON (Content-Type: application/json)');
      }
      // Read only now, after auth: a caller without a key never gets a body parsed.
      await readBody(req, res);
      assertJsonDepth(req.body);
      body = parseRequestPart(route.request.body, req.body, 'body');
    }
    await route.handler({ params, query, body, req, res, principal, requestId: String(res.locals.requestId) });
  };
}

/** The Express application: request ids and logs, security headers, JSON bodies, the routes, problem+json errors. */
export function createApp(ctx: AppContext, webhooks: WebhookDoc[] = []): { app: Express; routes: Route[] } {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.http.trustProxy);
  app.use(requestContext(ctx.logger, ctx.metrics));
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'same-site' } }));
  if (ctx.config.http.corsOrigins.length) {
    // Every header a client reads: a browser app sees only the ones listed here.
    const exposedHeaders = ['x-request-id', 'location', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'idempotent-replayed', 'content-disposition', 'server-timing'];
    app.use(cors({ origin: ctx.config.http.corsOrigins, exposedHeaders }));
  }
  const readBody = jsonBodyReader(ctx.config.http.maxBodyBytes);
  // The Studio's page, app and template bundle; it renders through the routes below.
  if (ctx.studio) app.use('/studio', ctx.studio);
  const routes = apiRoutes(ctx, webhooks);
  for (const route of routes) app[route.method](expressPath(route.path), handlerFor(route, ctx, readBody));
  app.use((req, _res, next) => next(new FramewrightError('NOT_FOUND', `No route ${req.method} ${req.path}`)));
  app.use(problemHandler(ctx.logger));
  return { app, routes };
}
