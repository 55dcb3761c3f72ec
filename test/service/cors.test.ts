import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers/service.ts';

// The API alone (no worker): these are header checks.
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ worker: false, env: { CORS_ORIGINS: 'https://app.example.com' } });
});

afterAll(async () => {
  await svc?.stop();
});

describe('CORS_ORIGINS', () => {
  it('lets a browser app read every response header the README documents', async () => {
    const post = () =>
      fetch(`${svc.url}/v1/renders`, {
        method: 'POST',
        headers: { origin: 'https://app.example.com', 'content-type': 'application/json', 'idempotency-key': 'cors-1' },
        body: JSON.stringify({ template: 'color-frames', output: { frames: [0, 1] } }),
      });
    expect((await post()).status).toBe(202);
    const replay = await post();
    expect(replay.status).toBe(202);
    expect(replay.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const exposed = (replay.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    // Idempotent-Replayed (a replay), Content-Disposition (the download's file name), Server-Timing (stills).
    for (const header of ['location', 'x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'idempotent-replayed', 'content-disposition', 'server-timing']) {
      expect(exposed).toContain(header);
    }
  });
});
