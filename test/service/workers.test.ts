import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { capturesWithHugePages, readHugePages } from '../../src/render/huge-pages.ts';
import { descendantsMatching, isAlive } from '../helpers/processes.ts';
import { probe, videoStream } from '../helpers/media.ts';
import { isFinal, submitRender, waitForRender } from './helpers/http.ts';
import { spawnCli, type CliProcess } from './helpers/cli-process.ts';
import { startTestService, type TestService } from './helpers/service.ts';

const running: CliProcess[] = [];
let api: TestService | undefined;

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await api?.stop();
  api = undefined;
});

function startWorker(name: string, env: Record<string, string | undefined>): CliProcess {
  const worker = spawnCli(['worker', '--name', name], { ...env, LOG_LEVEL: 'info' });
  running.push(worker);
  return worker;
}

/** renderId → how many times each worker logged starting it. */
function startsByWorker(workers: Record<string, CliProcess>): Map<string, string[]> {
  const starts = new Map<string, string[]>();
  for (const [name, worker] of Object.entries(workers)) {
    for (const line of worker.logs()) {
      if (line.msg !== 'render started') continue;
      const id = String(line.renderId);
      starts.set(id, [...(starts.get(id) ?? []), name]);
    }
  }
  return starts;
}

describe('workers', () => {
  it('two worker processes share one queue and run each render exactly once', async () => {
    api = await startTestService({ worker: false });
    // One render at a time each (the default is machine-sized), so neither can take all six.
    const oneAtATime = { ...api.env, WORKER_CONCURRENCY: '1' };
    const a = startWorker('worker-a', oneAtATime);
    const b = startWorker('worker-b', oneAtATime);
    await Promise.all([a.waitFor(/Framewright worker running/), b.waitFor(/Framewright worker running/)]);
    // The operator hears about the host setting that makes capture ~25 % cheaper, only when it is off.
    const hugePages = readHugePages();
    const hinted = a.logs().filter((l) => String(l.msg).startsWith('transparent huge pages are not "always"'));
    expect(hinted).toHaveLength(hugePages && !capturesWithHugePages(hugePages) ? 1 : 0);

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await submitRender(api.url, { template: 'slow-frames', props: { msPerFrame: 40, frames: 15 + i }, output: { preset: 'ultrafast' } })).id);
    }
    const finals = await Promise.all(ids.map((id) => waitForRender(api!.url, id, isFinal)));
    expect(finals.map((r) => r.status)).toEqual(Array(6).fill('succeeded'));
    expect(finals.map((r) => r.attempts)).toEqual(Array(6).fill(1));

    const starts = startsByWorker({ 'worker-a': a, 'worker-b': b });
    expect([...starts.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(starts.get(id)).toHaveLength(1);
    // Both took work: with one render at a time each and six waiting, neither can take them all.
    const used = new Set([...starts.values()].flat());
    expect(used).toEqual(new Set(['worker-a', 'worker-b']));
  });

  it('a worker killed with SIGKILL mid-render: another worker picks the render up and it succeeds', async () => {
    api = await startTestService({ worker: false });
    const doomed = startWorker('doomed', api.env);
    await doomed.waitFor(/Framewright worker running/);
    const created = await submitRender(api.url, { template: 'slow-frames', props: { msPerFrame: 60, frames: 60 }, output: { preset: 'ultrafast' } });
    await waitForRender(api.url, created.id, (r) => r.status === 'active' && r.frames.encoded >= 3);

    const children = descendantsMatching(doomed.child.pid!, /chromium|ffmpeg/);
    expect(children.length).toBeGreaterThan(0);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    // Chromium (launched on a pipe) and FFmpeg (its stdin closed) must not outlive their worker.
    for (let i = 0; i < 100 && children.some(isAlive); i++) await sleep(100);
    expect(children.filter(isAlive)).toEqual([]);

    const rescuer = startWorker('rescuer', api.env);
    const done = await waitForRender(api.url, created.id, isFinal, { timeoutMs: 120_000 });
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(startsByWorker({ rescuer }).get(created.id)).toEqual(['rescuer']);
    const file = path.join(api.dataDir, 'storage', 'renders', created.id, 'output.mp4');
    expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(60);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM: the worker hands its active render back after SHUTDOWN_TIMEOUT, exits 0, and another finishes it', async () => {
    api = await startTestService({ worker: false });
    const env = { ...api.env, SHUTDOWN_TIMEOUT: '1s' };
    const stopping = startWorker('stopping', env);
    await stopping.waitFor(/Framewright worker running/);
    const created = await submitRender(api.url, { template: 'slow-frames', props: { msPerFrame: 80, frames: 80 }, output: { preset: 'ultrafast' } });
    await waitForRender(api.url, created.id, (r) => r.status === 'active' && r.frames.encoded >= 2);

    expect(await stopping.stop('SIGTERM')).toBe(0);
    expect(stopping.logs().some((l) => l.msg === 'worker stopping: handing the render back to the queue')).toBe(true);
    const handedBack = await waitForRender(api.url, created.id, (r) => r.status === 'queued');
    expect(handedBack.statusDetail).toMatch(/Handed back/);

    startWorker('successor', env);
    const done = await waitForRender(api.url, created.id, isFinal, { timeoutMs: 120_000 });
    expect(done.status).toBe('succeeded');
    // Handing back spends no attempt of the retry budget; the successor's start is counted.
    expect(done.attempts).toBe(2);
  });

  it('SIGTERM: a render that finishes within SHUTDOWN_TIMEOUT completes before the exit', async () => {
    api = await startTestService({ worker: false });
    const worker = startWorker('finisher', { ...api.env, SHUTDOWN_TIMEOUT: '60s' });
    await worker.waitFor(/Framewright worker running/);
    const created = await submitRender(api.url, { template: 'slow-frames', props: { msPerFrame: 40, frames: 40 }, output: { preset: 'ultrafast' } });
    await waitForRender(api.url, created.id, (r) => r.status === 'active' && r.frames.encoded >= 2);
    expect(await worker.stop('SIGTERM')).toBe(0);
    const done = await waitForRender(api.url, created.id, isFinal, { timeoutMs: 5_000 });
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
  });
});
