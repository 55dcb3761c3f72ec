import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../server/auth/api-keys.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { RedisKeys } from '../../server/redis/keys.ts';
import { isFinal, submitRender, waitForRender } from '../service/helpers/http.ts';
import { randomPrefix, SHARED_REDIS_URL, startTestService, type TestService } from '../service/helpers/service.ts';

/**
 * A hostile corpus against a service with auth on: a hand-written list of every malformed
 * request the issue found, plus fast-check's random bodies, queries and headers. Every answer
 * is a 4xx problem, the server stays up, no render starts, and no request leaves the machine.
 */
let svc: TestService;
let redis: Redis;
let key = '';
let bearer: Record<string, string> = {};
let outputId = '';
const logLines: string[] = [];
let internal: http.Server;
let internalUrl = '';
const leaked: string[] = [];
const statuses: Array<{ what: string; status: number }> = [];

beforeAll(async () => {
  const prefix = randomPrefix();
  redis = new Redis(SHARED_REDIS_URL);
  key = (await new ApiKeyStore(redis, new RedisKeys(prefix)).create('hostile', { rateLimitPerMinute: 1_000_000 })).key;
  bearer = { authorization: `Bearer ${key}` };
  internal = http.createServer((req, res) => {
    leaked.push(req.url ?? '');
    res.end('internal');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
  const logger = createLogger('info', { write: (line: string) => void logLines.push(line) });
  svc = await startTestService({ env: { QUEUE_PREFIX: prefix, AUTH_FAILURES_PER_MINUTE: '1000' }, logger });
  // One real output for the Range cases.
  const render = await submitRender(svc.url, { template: 'color-frames', output: { frames: [0, 1], preset: 'ultrafast' } }, bearer);
  outputId = render.id;
  expect((await waitForRender(svc.url, render.id, isFinal, { headers: bearer })).status).toBe('succeeded');
});

afterAll(async () => {
  await svc?.stop();
  redis?.disconnect();
  internal?.closeAllConnections();
  await new Promise((resolve) => internal?.close(resolve));
});

interface Attempt {
  what: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The answer expected, when one status is right; otherwise any 4xx. */
  status?: number;
  code?: string;
}

async function send(a: Attempt): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${svc.url}${a.path ?? '/v1/renders'}`, {
    method: a.method ?? (a.body === undefined ? 'GET' : 'POST'),
    headers: { ...(a.body === undefined ? {} : { 'content-type': 'application/json' }), ...bearer, ...a.headers },
    ...(a.body === undefined ? {} : { body: a.body as string }),
    redirect: 'manual',
  });
  const body = await res.text();
  statuses.push({ what: a.what, status: res.status });
  return { status: res.status, body, headers: res.headers };
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const render = (output: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ template: 'color-frames', output, ...extra });

/** A function: the internal server's URL is known only once it listens. */
const handWritten = (): Attempt[] => [
  { what: 'malformed gzip', body: Buffer.from('definitely not gzip'), headers: { 'content-encoding': 'gzip' }, status: 400 },
  { what: 'gzip of broken JSON', body: gzipSync('{"template": '), headers: { 'content-encoding': 'gzip' }, status: 400 },
  { what: 'unknown content-encoding', body: '{}', headers: { 'content-encoding': 'zstd-ish' }, status: 415 },
  { what: 'JSON nested 3,000 deep', body: `{"template":"color-frames","props":{"a":${nested(3000)}}}`, status: 400 },
  { what: 'JSON nested 5,000 deep', body: nested(5000), status: 400 },
  { what: 'objects nested 4,000 deep', body: '{"a":'.repeat(4000) + '1' + '}'.repeat(4000), status: 400 },
  { what: 'bitrate that cannot encode', body: render({ videoBitrate: '99999999999999999999M' }), status: 422, code: 'INVALID_BODY' },
  { what: 'scale 1e-300', body: render({ scale: 1e-300 }), status: 422 },
  { what: 'poster past the end', body: render({ poster: { frame: 999_999 } }), status: 422 },
  { what: 'frames past the end', body: render({ frames: [100_000, 100_001] }), status: 422 },
  { what: 'webhook to loopback', body: render({}, { webhook: { url: `${internalUrl}/hook` } }), status: 422, code: 'WEBHOOK_TARGET_REFUSED' },
  { what: 'webhook to metadata', body: render({}, { webhook: { url: 'http://169.254.169.254/latest' } }), status: 422 },
  { what: 'webhook to mapped v6 loopback', body: render({}, { webhook: { url: 'http://[::ffff:0:7f00:1]/x' } }), status: 422 },
  { what: 'webhook to 6to4 loopback', body: render({}, { webhook: { url: 'http://[2002:7f00:1::]/x' } }), status: 422 },
  { what: '__proto__ in the body', body: '{"__proto__":{"polluted":"yes"},"template":"color-frames","output":{"crf":999}}' },
  { what: 'constructor.prototype in props', body: '{"template":"slow-frames","props":{"constructor":{"prototype":{"polluted":"yes"}},"frames":-1}}' },
  { what: '__proto__ in props', body: '{"template":"slow-frames","props":{"__proto__":{"polluted":"yes"},"frames":"x"}}' },
  { what: 'lone surrogate template id', body: '{"template":"\\ud800"}' },
  { what: 'RTL override and zero-width template id', body: JSON.stringify({ template: 'color\u202E\u200Bframes' }) },
  { what: 'NUL in template id', body: JSON.stringify({ template: 'color-frames\u0000' }) },
  { what: 'emoji props', body: JSON.stringify({ template: 'slow-frames', props: { msPerFrame: '🎬'.repeat(10), frames: '\uFFFF' } }), status: 422 },
  { what: 'invalid UTF-8 bytes', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { what: 'not JSON', body: 'template=color-frames', status: 400 },
  { what: 'JSON with the wrong content type', body: '{"template":"color-frames"}', headers: { 'content-type': 'text/plain' }, status: 415 },
  { what: 'empty JSON body', body: '', status: 422 },
  { what: 'JSON null', body: 'null', status: 400 },
  { what: 'huge number', body: '{"template":"color-frames","output":{"crf":1e400}}' },
  { what: 'oversized body', body: JSON.stringify({ template: 'slow-frames', props: { title: 'x'.repeat(3_000_000) } }), status: 413 },
  { what: 'Range start after end', path: '', headers: { range: 'bytes=5-2' }, status: 416 },
  { what: 'Range past the end', path: '', headers: { range: 'bytes=99999999-' }, status: 416 },
  { what: 'bad render id', path: '/v1/renders/..%2F..%2Fetc%2Fpasswd', status: 404 },
  { what: 'bad render id in output', path: '/v1/renders/%00/output', status: 404 },
  { what: 'bad list limit', path: '/v1/renders?limit=-1', status: 400 },
  { what: 'bad list cursor', path: '/v1/renders?cursor=%FF%FE', status: 400 },
  { what: 'array query', path: '/v1/renders?status=queued&status=failed' },
  { what: 'unknown route', path: '/v1/nothing-here', status: 404 },
  { what: 'cancel of an unknown render', path: '/v1/renders/r_doesnotexist/cancel', method: 'POST', status: 404 },
  { what: 'still past the end', path: '/v1/stills', body: JSON.stringify({ template: 'color-frames', frame: 1e9 }), status: 422 },
  { what: 'still with a fractional frame', path: '/v1/stills', body: JSON.stringify({ template: 'color-frames', frame: 0.5 }), status: 422 },
];

describe('hostile input', () => {
  it('every hand-written case is the 4xx it should be', async () => {
    for (const a of handWritten()) {
      const attempt = a.path === '' ? { ...a, path: `/v1/renders/${outputId}/output` } : a;
      const res = await send(attempt);
      if (a.status !== undefined) expect(res.status, `${a.what}: ${res.body.slice(0, 200)}`).toBe(a.status);
      else expect(res.status, `${a.what}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, a.what).toBeLessThan(500);
      if (res.status !== 416 || res.body) expect(res.headers.get('content-type'), a.what).toMatch(/problem\+json/);
      if (a.code) expect(JSON.parse(res.body).code, `${a.what}: ${res.body.slice(0, 300)}`).toBe(a.code);
      if (res.status === 416) expect(res.headers.get('content-range'), a.what).toMatch(/^bytes \*\/\d+$/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('random bodies, queries and headers: never a 5xx', async () => {
    const json = fc.jsonValue({ maxDepth: 6 });
    const bodies = fc.oneof(
      json.map((v) => JSON.stringify(v)),
      // Known templates get an output the strict schema refuses, so no case is ever valid.
      fc.record({ template: fc.oneof(fc.string(), fc.constant('color-frames'), fc.constant('slow-frames')), props: json, output: json.map((v) => ({ notAnOption: v })) }).map((v) => JSON.stringify(v)),
      fc
        .record({ template: fc.constant('color-frames'), output: fc.record({ crf: json, scale: json, videoBitrate: fc.string(), poster: json, frames: json }, { requiredKeys: [] }) })
        .map((v) => JSON.stringify({ ...v, output: { ...v.output, crf: typeof v.output.crf === 'number' ? 64 : (v.output.crf ?? 'x') } })),
      fc.string({ unit: 'binary' }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await send({ what: `random body ${body.slice(0, 80)}`, body });
        // A valid request would be a 202 and start a render: the generators never make one.
        return res.status >= 400 && res.status < 500;
      }),
      { numRuns: 200, seed: 1313 },
    );
    const paths = fc.tuple(fc.constantFrom('/v1/renders', '/v1/templates', '/v1/renders/', '/v1/templates/'), fc.string({ unit: 'binary', maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(paths, fc.string({ maxLength: 40 }), async ([base, tail], query) => {
        const path = `${base}${encodeURIComponent(tail)}?limit=${encodeURIComponent(query)}&cursor=${encodeURIComponent(tail)}`;
        const res = await send({ what: `random path ${path}`, path });
        return res.status < 500;
      }),
      { numRuns: 100, seed: 1314 },
    );
  });

  it('no render started, nothing reached the machine, the server is up', async () => {
    const list = await fetch(`${svc.url}/v1/renders?limit=100`, { headers: bearer }).then((r) => r.json() as Promise<{ data: Array<{ id: string }> }>);
    expect(list.data.map((r) => r.id)).toEqual([outputId]);
    expect(leaked).toEqual([]);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    expect(statuses.length).toBeGreaterThanOrEqual(300);
    expect(statuses.filter((s) => s.status >= 500)).toEqual([]);
  });
});

describe('auth comes first, and what leaks into logs', () => {
  it('unauthenticated requests get 401 whatever their body (nothing is parsed)', async () => {
    for (const body of [Buffer.from('not gzip'), nested(5000), 'x'.repeat(3_000_000), '{']) {
      const res = await fetch(`${svc.url}/v1/renders`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: body as string });
      expect(res.status).toBe(401);
      await res.arrayBuffer();
    }
  });

  it('/metrics needs a key once keys exist', async () => {
    expect((await fetch(`${svc.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${svc.url}/metrics`, { headers: bearer });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/# HELP/);
  });

  it('a key in the query string never reaches the access log', async () => {
    await fetch(`${svc.url}/v1/templates?api_key=fw_leaked_secret_value&token=abc`, { headers: bearer }).then((r) => r.arrayBuffer());
    const line = logLines.find((l) => l.includes('"route":"/v1/templates"'));
    expect(line).toBeDefined();
    expect(logLines.join('\n')).not.toContain('fw_leaked_secret_value');
    expect(logLines.join('\n')).not.toContain(key);
  });

  it('a slow body does not hold up other requests', async () => {
    const socket = net.connect(Number(new URL(svc.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`POST /v1/renders HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"templ`);
    try {
      expect((await fetch(`${svc.url}/v1/templates`, { headers: bearer })).status).toBe(200);
    } finally {
      socket.destroy();
    }
  });

  it('wrong keys are rate-limited per address', async () => {
    const prefix = randomPrefix();
    await new ApiKeyStore(redis, new RedisKeys(prefix)).create('someone');
    const limited = await startTestService({ env: { AUTH_FAILURES_PER_MINUTE: '5', QUEUE_PREFIX: prefix }, worker: false });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await fetch(`${limited.url}/v1/renders`, { headers: { authorization: `Bearer fw_guess${i}` } });
        answers.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await limited.stop();
    }
  });
});
