import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';

export type HttpMethod = 'get' | 'post' | 'delete';

export interface ResponseSpec {
  description: string;
  /** JSON body schema; omit for bodies that are not JSON (files, images, HTML, SSE). */
  schema?: z.ZodType;
  /** Content type of a non-JSON body. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
  principal: Principal;
  requestId: string;
}

/**
 * One HTTP endpoint, declared once: method, path, request schemas, responses and handler. The
 * Express router and the OpenAPI document are both built from these, so they cannot disagree.
 */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: HttpMethod;
  /** OpenAPI path syntax: `/v1/renders/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Served without an API key (health checks, docs). @defaultValue false */
  public?: boolean;
  /** Also admits the operator's METRICS_TOKEN (as OPERATOR_PRINCIPAL), besides API keys. @defaultValue false */
  operatorToken?: boolean;
  request?: {
    params?: P;
    query?: Q;
    body?: B;
    headers?: Record<string, string>;
    /**
     * The fields of a multipart/form-data body, for the docs; the handler reads the stream
     * itself (after auth). With `body` too, the route takes either kind of body.
     */
    multipart?: z.ZodType;
  };
  responses: Record<number, ResponseSpec>;
  handler(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<void> | void;
}

export type Route = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Keeps the handler's types tied to the schemas at the definition, then erases them for the router. */
export function defineRoute<P extends z.ZodType = z.ZodNever, Q extends z.ZodType = z.ZodNever, B extends z.ZodType = z.ZodNever>(
  spec: RouteSpec<P, Q, B>,
): Route {
  return spec as unknown as Route;
}

/** `/v1/renders/{id}` → `/v1/renders/:id` */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
