import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { storeOutput } from '../queue/render-finish.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import type { Storage } from './storage.ts';
import { withRetries } from './with-retries.ts';

/** A store that is "down" for its first `failures` uploads, then stores for real (in memory). */
function flakyStorage(failures: number): Storage & { stored: Map<string, string>; calls: number } {
  const stored = new Map<string, string>();
  let calls = 0;
  const down = () => {
    calls++;
    if (calls <= failures) throw new FramewrightError('STORAGE_FAILED', `S3 is down (call ${calls})`);
  };
  return {
    kind: 's3',
    stored,
    get calls() {
      return calls;
    },
    async putFile(key: string, file: string) {
      down();
      stored.set(key, file);
    },
    async putJson(key: string, value: unknown) {
      down();
      stored.set(key, JSON.stringify(value));
    },
  } as unknown as Storage & { stored: Map<string, string>; calls: number };
}

const record = { id: 'rnd_0000000000aaaaaaaaaaaa', owner: 'public', status: 'active', request: { template: 't' } } as unknown as RenderRecord;
const payload = { v: 1, renderId: record.id, owner: 'public', template: 't', props: {}, output: { format: 'mp4' }, bundleHash: 'h' } as never;
const facts = { width: 64, height: 36, fps: 30, durationSeconds: 1, frames: 30, probe: {} } as never;
const file = { file: '/tmp/x.mp4', bytes: 10, frames: 30, bundleHash: 'h', timings: {} };

describe('storage retries', () => {
  it('an upload that fails twice is retried and the output stored: the render is not redone', async () => {
    const storage = flakyStorage(2);
    const output = await storeOutput(record, payload, file, facts, new AbortController().signal, { storage, workerName: 'w', uploadRetry: { firstDelayMs: 1 } });
    expect(output.key).toMatch(new RegExp(`^renders/${record.id}/[^/]+\\.mp4$`));
    expect(storage.stored.get(output.key)).toBe('/tmp/x.mp4');
    expect(JSON.parse(storage.stored.get(`renders/${record.id}/render.json`)!).id).toBe(record.id);
    expect(storage.calls).toBe(4);
  });

  it('gives up after its attempts with the store error (then the job retry policy decides)', async () => {
    const storage = flakyStorage(100);
    await expect(storeOutput(record, payload, file, facts, new AbortController().signal, { storage, workerName: 'w', uploadRetry: { firstDelayMs: 1, attempts: 3 } })).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(storage.calls).toBe(3);
  });

  it('a cancel stops the waiting between attempts', async () => {
    const controller = new AbortController();
    const attempt = withRetries(
      async () => {
        controller.abort();
        throw new Error('down');
      },
      { signal: controller.signal, firstDelayMs: 60_000 },
    );
    await expect(attempt).rejects.toMatchObject({ code: 'CANCELED' });
  });
});
