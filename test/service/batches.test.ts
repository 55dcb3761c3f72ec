import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../server/batches/batch-schemas.ts';
import { ApiKeyStore } from '../../server/auth/api-keys.ts';
import type { Problem } from '../../server/http/problem.ts';
import { RENDER_QUEUE } from '../../server/queue/render-job.ts';
import { redisOptions } from '../../server/redis/connection.ts';
import { RedisKeys } from '../../server/redis/keys.ts';
import { colorDistance, decodeFrames, meanColor } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { isFinal, request, submitRender, waitForRender } from './helpers/http.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { randomPrefix, SHARED_REDIS_URL, startTestService, type TestService } from './helpers/service.ts';
import { readZip } from './helpers/zip.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function postCsv(base: string, key: string, csv: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'rows.csv');
  const res = await fetch(`${base}/v1/batches`, { method: 'POST', body: form, headers: bearer(key) });
  return { status: res.status, body: (await res.json()) as Batch & Partial<Pick<Problem, 'code' | 'errors'>> };
}

async function waitForBatch(base: string, key: string, id: string, done: (b: Batch) => boolean): Promise<Batch> {
  const deadline = Date.now() + 180_000;
  let last: Batch | undefined;
  while (Date.now() < deadline) {
    last = (await request<Batch>(`${base}/v1/batches/${id}`, { headers: bearer(key) })).body;
    if (done(last)) return last;
    await sleep(150);
  }
  throw new Error(`batch ${id} did not reach the expected state: ${JSON.stringify(last)}`);
}

const isDone = (b: Batch) => b.status !== 'running';

describe('batches', () => {
  let svc: TestService;
  let redis: Redis;
  let receiver: Receiver;
  const scratch = tempDir('fw-batches-test-');
  const key = { alice: '', bob: '' };

  beforeAll(async () => {
    const prefix = randomPrefix();
    redis = new Redis(SHARED_REDIS_URL);
    const store = new ApiKeyStore(redis, new RedisKeys(prefix));
    key.alice = (await store.create('alice')).key;
    key.bob = (await store.create('bob')).key;
    receiver = await startReceiver();
    svc = await startTestService({ env: { QUEUE_PREFIX: prefix, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_BACKOFF: '200ms', MAX_BATCH_ROWS: '250', MAX_BATCH_UPLOAD_SIZE: '4kb' } });
  });

  afterAll(async () => {
    await svc?.stop();
    await receiver?.close();
    redis?.disconnect();
    scratch.cleanup();
  });

  it('a CSV of 5 rows with 1 invalid: 4 videos of their own props, 1 reported by row and field, a zip of every output, one batch.completed', async () => {
    // A BOM, quoted cells with commas and a newline, dotted columns, booleans and JSON cells,
    // and SKUs that try to climb out of the zip.
    const csv =
      '\uFEFFsku,lang,bg.r,bg.g,bg.b,price.amount,show,tags\n' +
      '../../etc/passwd,en,200,30,30,9.5,true,"[""a"",""b""]"\n' +
      '"red, ""big""\nbox",de,30,200,30,12,false,[]\n' +
      'bad,fr,30,30,200,not-a-number,yes,[]\n' +
      'a/b\\c,it,240,240,20,1,no,\n' +
      'plain,es,20,240,240,3,1,\n';
    const created = await postCsv(svc.url, key.alice, csv, { template: 'batch-card', naming: '{{sku}}-{{lang}}.mp4', output: JSON.stringify({ preset: 'ultrafast' }), webhook: receiver.url, metadata: '{"campaign":"spring"}' });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const batch = created.body;
    expect(batch.counts).toMatchObject({ rows: 5, accepted: 4, rejected: 1 });
    // Every row in order: its render and output name, or its errors.
    expect(batch.rows!.map((r) => [r.row, r.line, r.name, r.status])).toEqual([
      [1, 2, '_._etc_passwd-en.mp4', 'queued'],
      [2, 3, 'red, _big_box-de.mp4', 'queued'],
      [3, 5, null, 'invalid'],
      [4, 6, 'a_b_c-it.mp4', 'queued'],
      [5, 7, 'plain-es.mp4', 'queued'],
    ]);
    const invalid = batch.rows![2]!;
    expect(invalid.renderId).toBeNull();
    expect(invalid.error).toMatchObject({ code: 'INVALID_PROPS', errors: [expect.objectContaining({ field: 'price.amount', path: ['price', 'amount'] })] });
    expect(invalid.error!.message).toMatch(/^price\.amount: /);
    expect(batch.rows!.filter((r) => r.status !== 'invalid').every((r) => r.renderId?.startsWith('rnd_'))).toBe(true);

    const done = await waitForBatch(svc.url, key.alice, batch.id, isDone);
    expect(done).toMatchObject({ status: 'completed', progress: 1, counts: { succeeded: 4, failed: 0, canceled: 0, queued: 0, active: 0 }, metadata: { campaign: 'spring' } });
    const expected: Record<number, { bg: number[]; show: boolean }> = {
      1: { bg: [200, 30, 30], show: true },
      2: { bg: [30, 200, 30], show: false },
      4: { bg: [240, 240, 20], show: false },
      5: { bg: [20, 240, 240], show: true },
    };
    const outputs = new Map<string, Buffer>();
    for (const row of done.rows!.filter((r) => r.renderId)) {
      const bytes = Buffer.from(await (await fetch(row.outputUrl!, { headers: bearer(key.alice) })).arrayBuffer());
      outputs.set(row.name!, bytes);
      const file = path.join(scratch.dir, `${row.renderId}.mp4`);
      await writeFile(file, bytes);
      const [frame] = await decodeFrames(file, 160, 90);
      const want = expected[row.row]!;
      expect(colorDistance(meanColor(frame!, 160, 110, 45), want.bg), `row ${row.row} background`).toBeLessThan(14);
      expect(colorDistance(meanColor(frame!, 160, 20, 45), want.show ? [255, 255, 255] : [0, 0, 0]), `row ${row.row} show`).toBeLessThan(14);
    }

    const zip = await fetch(done.outputUrl, { headers: bearer(key.alice) });
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const entries = readZip(Buffer.from(await zip.arrayBuffer()));
    expect([...entries.keys()].sort()).toEqual([...outputs.keys()].sort());
    for (const [name, bytes] of outputs) expect(entries.get(name)!.equals(bytes), name).toBe(true);

    const deadline = Date.now() + 30_000;
    while (!receiver.received.some((r) => r.body.includes('"batch.completed"')) && Date.now() < deadline) await sleep(100);
    const completed = receiver.received.filter((r) => JSON.parse(r.body).type === 'batch.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse(completed[0]!.body).data).toMatchObject({ id: batch.id, status: 'completed', counts: { succeeded: 4 } });
    // The delivery is in the batch's own webhook history (rows' renders keep theirs).
    await expect
      .poll(async () => (await request<{ data: Array<{ event: string; status: string; attempts: unknown[] }> }>(`${svc.url}/v1/batches/${batch.id}/webhooks`, { headers: bearer(key.alice) })).body.data.map((d) => [d.event, d.status, d.attempts.length]), { timeout: 10_000 })
      .toEqual([['batch.completed', 'delivered', 1]]);
    expect((await request(`${svc.url}/v1/batches/${batch.id}/webhooks`, { headers: bearer(key.bob) })).status).toBe(404);

    // Another key sees nothing of it.
    expect((await request(`${svc.url}/v1/batches/${batch.id}`, { headers: bearer(key.bob) })).status).toBe(404);
    expect((await request(`${svc.url}/v1/batches/${batch.id}/output`, { headers: bearer(key.bob) })).status).toBe(404);
    const list = await request<{ data: Batch[] }>(`${svc.url}/v1/batches`, { headers: bearer(key.alice) });
    expect(list.body.data.map((b) => b.id)).toContain(batch.id);
  });

  it('JSON rows: coercion of text values, limits on rows and upload size, and a batch with no valid row', async () => {
    const allBad = await request<Problem>(`${svc.url}/v1/batches`, { body: { template: 'batch-card', rows: [{ lang: 'english' }, { 'bg.r': '300' }] }, headers: bearer(key.alice) });
    expect(allBad.status).toBe(422);
    expect(allBad.body.code).toBe('INVALID_ROWS');
    expect(allBad.body.errors?.map((e) => e.path)).toEqual(expect.arrayContaining([['rows', 1, 'lang'], ['rows', 2, 'bg', 'r']]));

    const csvText = await request<Problem>(`${svc.url}/v1/batches`, { body: { template: 'batch-card', csv: 'sku,lang\nx,english\n' }, headers: bearer(key.alice) });
    expect(csvText.status).toBe(422);
    expect(csvText.body.errors?.[0]?.path).toEqual(['rows', 1, 'lang']);
    expect((await request<Problem>(`${svc.url}/v1/batches`, { body: { template: 'batch-card' }, headers: bearer(key.alice) })).body.code).toBe('INVALID_BODY');

    const tooMany = await request<Problem>(`${svc.url}/v1/batches`, { body: { template: 'batch-card', rows: Array.from({ length: 251 }, () => ({})) }, headers: bearer(key.alice) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('LIMIT_EXCEEDED');
    const bigCsv = `sku\n${'x'.repeat(5000)}\n`;
    const big = await postCsv(svc.url, key.alice, bigCsv, { template: 'batch-card' });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const unknown = await request<Problem>(`${svc.url}/v1/batches`, { body: { template: 'nope', rows: [{}] }, headers: bearer(key.alice) });
    expect(unknown.status).toBe(404);
    // A webhook target that cannot be used names the request's own field, as a render's does.
    const hook = await request<Problem>(`${svc.url}/v1/batches`, { body: { template: 'batch-card', rows: [{}], webhook: { url: 'http://nowhere.invalid/hook' } }, headers: bearer(key.alice) });
    expect(hook.status).toBe(422);
    expect(hook.body.code).toBe('WEBHOOK_TARGET_REFUSED');
    expect(hook.body.errors?.map((e) => e.path)).toEqual([['webhook', 'url']]);

    const coerced = await request<Batch>(`${svc.url}/v1/batches`, {
      body: { template: 'batch-card', rows: [{ sku: 'j1', 'bg.g': '255', 'price.amount': '2.5', show: 'yes', tags: '["x"]' }], output: { preset: 'ultrafast' }, cache: false },
      headers: bearer(key.alice),
    });
    expect(coerced.status).toBe(202);
    expect(coerced.body.counts).toMatchObject({ rows: 1, accepted: 1, rejected: 0 });
    const render = await waitForRender(svc.url, coerced.body.rows![0]!.renderId!, isFinal, { headers: bearer(key.alice) });
    expect(render.status).toBe('succeeded');
    expect(render.metadata).toMatchObject({ batchId: coerced.body.id, row: 1 });
    await waitForBatch(svc.url, key.alice, coerced.body.id, isDone);
  });

  it('an Idempotency-Key makes a retried POST return the same batch instead of rendering every row again', async () => {
    const body = { template: 'batch-card', rows: [{ sku: 'idem-1' }, { sku: 'idem-2' }], output: { preset: 'ultrafast' } };
    const headers = { ...bearer(key.alice), 'idempotency-key': 'campaign-42' };
    const first = await request<Batch>(`${svc.url}/v1/batches`, { body, headers });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await request<Batch>(`${svc.url}/v1/batches`, { body, headers });
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.rows!.map((r) => r.renderId)).toEqual(first.body.rows!.map((r) => r.renderId));

    const other = await request<Problem>(`${svc.url}/v1/batches`, { body: { ...body, rows: [{ sku: 'idem-3' }] }, headers });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_CONFLICT');
    // Another key's same Idempotency-Key is its own.
    const bobs = await request<Batch>(`${svc.url}/v1/batches`, { body, headers: { ...bearer(key.bob), 'idempotency-key': 'campaign-42' } });
    expect(bobs.status).toBe(202);
    expect(bobs.body.id).not.toBe(first.body.id);

    // A request refused before anything was queued leaves the key free for the corrected one.
    const bad = await request<Problem>(`${svc.url}/v1/batches`, { body: { ...body, rows: [{ lang: 'english' }] }, headers: { ...bearer(key.alice), 'idempotency-key': 'fix-me' } });
    expect(bad.status).toBe(422);
    const fixed = await request<Batch>(`${svc.url}/v1/batches`, { body: { ...body, rows: [{ lang: 'fr', sku: 'idem-4' }] }, headers: { ...bearer(key.alice), 'idempotency-key': 'fix-me' } });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(202);

    const listed = (await request<{ data: Batch[] }>(`${svc.url}/v1/batches?limit=100`, { headers: bearer(key.alice) })).body.data;
    expect(listed.filter((b) => b.id === first.body.id)).toHaveLength(1);
    for (const [who, id] of [
      [key.alice, first.body.id],
      [key.bob, bobs.body.id],
      [key.alice, fixed.body.id],
    ] as const)
      await waitForBatch(svc.url, who, id, isDone);
  });

  it("a spreadsheet's semicolon export is read by its header; columns that are no prop are listed, and a file where none is one is refused", async () => {
    // Excel in a comma-decimal locale: semicolons. Read as commas, it was one column named
    // "sku;lang" that zod dropped, and every row rendered the default props.
    const semi = await postCsv(svc.url, key.alice, 'sku;lang;bg.r\r\nA;english;300\r\n', { template: 'batch-card' });
    expect(semi.status, JSON.stringify(semi.body)).toBe(422);
    expect(semi.body.code).toBe('INVALID_ROWS');
    expect(semi.body.errors?.map((e) => e.path)).toEqual(expect.arrayContaining([['rows', 1, 'lang'], ['rows', 1, 'bg', 'r']]));

    const noProp = await postCsv(svc.url, key.alice, 'Product Name,Colour\nShoe,red\n', { template: 'batch-card' });
    expect(noProp.status, JSON.stringify(noProp.body)).toBe(422);
    expect(noProp.body.code).toBe('INVALID_BODY');
    expect((noProp.body as unknown as Problem).detail).toMatch(/None of the columns \("Product Name", "Colour"\) is a prop of template "batch-card", whose props are "sku", "lang"/);
    expect(noProp.body.errors?.map((e) => e.path)).toEqual([
      ['columns', 'Product Name'],
      ['columns', 'Colour'],
    ]);

    const typo = await postCsv(svc.url, key.alice, 'sku;Lang;_note\nsemi-1;de;x\n', { template: 'batch-card', output: JSON.stringify({ preset: 'ultrafast' }), naming: '{{sku}}-{{Lang}}.mp4' });
    expect(typo.status, JSON.stringify(typo.body)).toBe(202);
    expect(typo.body.ignoredColumns).toEqual(['Lang']);
    expect(typo.body.rows!.map((r) => [r.row, r.line, r.name])).toEqual([[1, 2, 'semi-1-de.mp4']]);
    const done = await waitForBatch(svc.url, key.alice, typo.body.id, isDone);
    expect(done.ignoredColumns).toEqual(['Lang']);
    expect(done.counts.succeeded).toBe(1);
  });

  it("fairness: one key's 200-row batch does not hold back another key's render or batch", async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ sku: `a${i}`, 'bg.r': String(i % 256), 'price.amount': '1' }));
    const big = await request<Batch>(`${svc.url}/v1/batches`, { body: { template: 'batch-card', rows, output: { preset: 'ultrafast' }, cache: false }, headers: bearer(key.alice) });
    expect(big.status).toBe(202);
    const single = await submitRender(svc.url, { template: 'batch-card', props: { sku: 'b1' }, output: { preset: 'ultrafast' }, cache: false }, bearer(key.bob));
    const small = await request<Batch>(`${svc.url}/v1/batches`, { body: { template: 'batch-card', rows: [{ sku: 'b2' }], output: { preset: 'ultrafast' }, cache: false }, headers: bearer(key.bob) });
    expect(small.status).toBe(202);

    const bobDone = await waitForRender(svc.url, single.id, isFinal, { headers: bearer(key.bob) });
    expect(bobDone.status).toBe('succeeded');
    const bobBatch = await waitForBatch(svc.url, key.bob, small.body.id, isDone);
    expect(bobBatch.status).toBe('completed');
    const alice = (await request<Batch>(`${svc.url}/v1/batches/${big.body.id}`, { headers: bearer(key.alice) })).body;
    expect(alice.status).toBe('running');
    expect(alice.counts.succeeded).toBeLessThan(20);

    // Cancel: every row canceled or finished, nothing left in the queue.
    const canceled = await request<Batch>(`${svc.url}/v1/batches/${big.body.id}/cancel`, { method: 'POST', headers: bearer(key.alice) });
    expect(canceled.status).toBe(202);
    const final = await waitForBatch(svc.url, key.alice, big.body.id, isDone);
    expect(final.status).toBe('canceled');
    expect(final.counts.queued + final.counts.active).toBe(0);
    expect(final.counts.canceled).toBeGreaterThan(150);
    expect(final.rows!.every((r) => r.status === 'canceled' || r.status === 'succeeded')).toBe(true);
    // A row canceled while it ran is final at once; its worker lets go of the job a moment later.
    const queue = new Queue(RENDER_QUEUE, { connection: redisOptions({ url: svc.config.redis.url! }), prefix: svc.config.redis.prefix });
    try {
      await expect.poll(() => queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'), { timeout: 30_000 }).toEqual({ waiting: 0, prioritized: 0, delayed: 0, active: 0 });
    } finally {
      await queue.close();
    }
    expect((await request<Problem>(`${svc.url}/v1/batches/${big.body.id}/cancel`, { method: 'POST', headers: bearer(key.alice) })).status).toBe(409);
  });
});
