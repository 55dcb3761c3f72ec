import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';
import { ERROR_CODES, FramewrightError, isErrorCode, type ErrorCode } from '../../src/errors/index.ts';
import { hideInternalUrls } from '../../src/render/asset-server.ts';
import type { Logger } from '../observability/logger.ts';
import { pathOnly } from './request-context.ts';

/** RFC 9457 problem details, plus our stable `code`, field `errors` and the request id. */
export const problemSchema = z
  .object({
    type: z.string().describe('URI naming the kind of problem (stable per code)'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable error code, e.g. INVALID_PROPS'),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export function problemType(code: ErrorCode): string {
  return `urn:framewright:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** Express's body parser reports with `type` strings; map the ones a client can cause. */
function fromBodyParser(error: unknown): FramewrightError | undefined {
  const e = error as { type?: unknown; status?: unknown; limit?: unknown };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return undefined;
  if (e.type === 'entity.too.large') return new FramewrightError('PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${String(e.limit)} bytes`);
  if (e.type === 'entity.parse.failed') return new FramewrightError('INVALID_REQUEST', `The request body is not valid JSON: ${(error as Error).message}`);
  if (e.status === 415 || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return new FramewrightError('UNSUPPORTED_MEDIA_TYPE', (error as Error).message);
  if (e.status >= 400 && e.status < 500) return new FramewrightError('INVALID_REQUEST', (error as Error).message);
  return undefined;
}

/** A body that does not inflate (bad gzip/deflate/brotli) is the client's fault, not ours. */
function fromZlib(error: unknown): FramewrightError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^(Z_|ERR_ZLIB|ERR__ERROR_FORMAT_PADDING)/.test(code)) {
    return new FramewrightError('INVALID_REQUEST', `The request body could not be decompressed: ${(error as Error).message}`);
  }
  return undefined;
}

/** Seconds a client waits after a 503: about how long a Redis restart or failover takes. */
const RETRY_AFTER_UNAVAILABLE_S = 5;

/** ioredis gives up on a command with these error classes when Redis is unreachable. */
function isRedisUnavailable(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'MaxRetriesPerRequestError' || (error as { code?: unknown })?.code === 'ECONNREFUSED';
}

export function toProblemError(error: unknown): FramewrightError {
  if (error instanceof FramewrightError) return error;
  const parser = fromBodyParser(error) ?? fromZlib(error);
  if (parser) return parser;
  if (isRedisUnavailable(error)) return new FramewrightError('SERVICE_UNAVAILABLE', 'The queue database (Redis) is unreachable', { cause: error });
  return new FramewrightError('INTERNAL', 'Internal error', { cause: error });
}

export function sendProblem(res: Response, error: FramewrightError, extra: { instance?: string; requestId?: string }): void {
  const code = isErrorCode(error.code) ? error.code : 'INTERNAL';
  const info = ERROR_CODES[code];
  const body: Problem = {
    type: problemType(code),
    title: info.title,
    status: info.status,
    detail: hideInternalUrls(error.message),
    code,
    ...extra,
    ...(error.issues.length ? { errors: error.issues.map((i) => ({ path: [...i.path], message: i.message })) } : {}),
  };
  if (!res.headersSent) res.status(info.status).type('application/problem+json').send(JSON.stringify(body));
  else res.end();
}

/** The last middleware: every error leaves as problem+json; unexpected ones are logged with their stack. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblemError(error);
    const requestId = String(res.locals.requestId ?? '');
    if (problem.code === 'INTERNAL' || problem.code === 'SERVICE_UNAVAILABLE') {
      logger.error({ err: error, requestId, method: req.method, url: pathOnly(req.originalUrl) }, 'request failed');
    }
    // A dependency is away (Redis restarting): tell clients when to come back instead of letting them hammer.
    if (problem.status === 503 && !res.headersSent && !res.getHeader('retry-after')) res.setHeader('retry-after', String(RETRY_AFTER_UNAVAILABLE_S));
    sendProblem(res, problem, { instance: pathOnly(req.originalUrl), ...(requestId ? { requestId } : {}) });
  };
}
