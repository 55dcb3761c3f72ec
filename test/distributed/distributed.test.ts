import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { colorOf } from '../fixtures/project/templates/color-frames.tsx';
import { colorDistance, decodeFrames, meanColor, probe, videoStream } from '../helpers/media.ts';
import { descendantsMatching } from '../helpers/processes.ts';
import { tempDir } from '../helpers/project.ts';
import { spawnCli, type CliProcess } from '../service/helpers/cli-process.ts';
import { isFinal, request, submitRender, waitForRender } from '../service/helpers/http.ts';
import { startTestService, type TestService } from '../service/helpers/service.ts';
import { decodeAudio, makeTone, mediaProject, onset, rms } from '../media/media-helpers.ts';

const running: CliProcess[] = [];
let api: TestService | undefined;
const tmp = tempDir('fw-dist-');

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await api?.stop();
  api = undefined;
});

afterAll(() => tmp.cleanup());

async function startWorkers(names: string[]): Promise<CliProcess[]> {
  const workers = names.map((name) => {
    const w = spawnCli(['worker', '--name', name], { ...api!.env, LOG_LEVEL: 'info' });
    running.push(w);
    return w;
  });
  await Promise.all(workers.map((w) => w.waitFor(/Framewright worker running/)));
  return workers;
}

async function download(id: string, name: string): Promise<string> {
  const res = await fetch(`${api!.url}/v1/renders/${id}/output`);
  expect(res.status).toBe(200);
  const file = path.join(tmp.dir, name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

function psnr(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  const mse = sum / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

function chunkStarts(workers: CliProcess[]): Array<{ worker: number; chunk: number }> {
  return workers.flatMap((w, worker) => w.logs().filter((l) => l.msg === 'chunk started').map((l) => ({ worker, chunk: Number(l.chunk) })));
}

const segmentsDir = (id: string) => path.join(api!.dataDir, 'storage', 'renders', id, 'chunks');

describe('distributed rendering', () => {
  it('two workers render the chunks; every frame is right on both sides of each boundary, and matches the unchunked render', async () => {
    api = await startTestService({ worker: false });
    const workers = await startWorkers(['worker-a', 'worker-b']);
    const props = { boxFrom: 15, boxDuration: 10 };
    const chunked = await submitRender(api.url, { template: 'color-frames', props, output: { chunks: 3 } });
    const done = await waitForRender(api.url, chunked.id, isFinal);
    expect(done.status).toBe('succeeded');
    expect(done.frames.total).toBe(60);
    // Every frame changes colour: all captured, the chunks' counts summed.
    expect(done.frames).toMatchObject({ captured: 60, reused: 0 });
    expect(new Set(chunkStarts(workers).map((s) => s.chunk))).toEqual(new Set([0, 1, 2]));

    const file = await download(chunked.id, 'chunked.mp4');
    expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(60);
    const frames = await decodeFrames(file, 320, 180);
    frames.forEach((frame, n) => expect(colorDistance(meanColor(frame, 320, 40, 150), colorOf(n)), `frame ${n}`).toBeLessThanOrEqual(14));
    expect(existsSync(segmentsDir(chunked.id))).toBe(false);

    const whole = await submitRender(api.url, { template: 'color-frames', props, output: { chunks: 1 }, cache: false });
    expect((await waitForRender(api.url, whole.id, isFinal)).status).toBe('succeeded');
    const reference = await decodeFrames(await download(whole.id, 'whole.mp4'), 320, 180);
    expect(reference).toHaveLength(60);
    reference.forEach((frame, n) => expect(psnr(frame, frames[n]!), `PSNR of frame ${n}`).toBeGreaterThanOrEqual(40));
  });

  it('a worker killed during its chunk: the chunk is retried elsewhere and the render succeeds', async () => {
    api = await startTestService({ worker: false });
    const workers = await startWorkers(['worker-a', 'worker-b']);
    const created = await submitRender(api.url, { template: 'slow-frames', props: { msPerFrame: 80, frames: 60 }, output: { chunks: 2, preset: 'ultrafast' } });
    // Each worker runs two jobs at once by default, so either may hold both chunks: the one
    // killed is one that started a chunk, and the other must then render both.
    await expect.poll(() => workers.some((w) => chunkStarts([w]).length > 0), { timeout: 60_000 }).toBe(true);
    const doomed = workers.find((w) => chunkStarts([w]).length > 0)!;
    const survivor = workers.find((w) => w !== doomed)!;
    await waitForRender(api.url, created.id, (r) => r.frames.encoded >= 2);
    doomed.child.kill('SIGKILL');
    await doomed.exited;

    const done = await waitForRender(api.url, created.id, isFinal, { timeoutMs: 120_000 });
    expect(done.status).toBe('succeeded');
    expect(done.output?.frames).toBe(60);
    const file = await download(created.id, 'after-kill.mp4');
    expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(60);
    // The survivor rendered the killed worker's chunk too.
    expect(new Set(chunkStarts([survivor]).map((s) => s.chunk))).toEqual(new Set([0, 1]));
  });

  it('cancel mid-flight cancels every chunk and leaves no segment behind', async () => {
    api = await startTestService({ worker: false });
    const workers = await startWorkers(['worker-a', 'worker-b']);
    const created = await submitRender(api.url, { template: 'slow-frames', props: { msPerFrame: 60, frames: 120 }, output: { chunks: 4, preset: 'ultrafast' } });
    // Wait until at least one chunk has stored its segment, so there is something to clean up.
    const progressed = await waitForRender(api.url, created.id, (r) => existsSync(segmentsDir(created.id)) && r.frames.encoded > 30);
    expect(progressed.frames.total).toBe(120);
    const cancel = await request(`${api.url}/v1/renders/${created.id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    const done = await waitForRender(api.url, created.id, isFinal);
    expect(done.status).toBe('canceled');
    // The chunks stop: no FFmpeg left under either worker once the render is final.
    await waitForRender(api.url, created.id, () => workers.every((w) => descendantsMatching(w.child.pid!, /ffmpeg/).length === 0));
    // Assembly (which runs once every chunk has stopped) removes whatever segments were stored.
    const deadline = Date.now() + 20_000;
    while (existsSync(segmentsDir(created.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(segmentsDir(created.id))).toBe(false);
  });
});

describe('sound of a split render', () => {
  it('is mixed once over the whole timeline: a tone from 1.5 s starts on time and does not break at chunk boundaries', async () => {
    const m = mediaProject();
    try {
      await makeTone(path.join(m.publicDir, 'tone.wav'), { frequency: 440, seconds: 4 });
      api = await startTestService({ project: m.project });
      const props = { durationInFrames: 90, clips: [{ src: 'tone.wav', from: 45 }] };
      const created = await submitRender(api.url, { template: 'audio-clips', props, output: { chunks: 3 } });
      const done = await waitForRender(api.url, created.id, isFinal);
      expect(done.error).toBeNull();
      expect(done.status).toBe('succeeded');
      const file = await download(created.id, 'split-audio.mp4');
      const info = await probe(file);
      expect(info.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
      expect(Number(videoStream(info).nb_read_frames)).toBe(90);
      const samples = await decodeAudio(file);
      expect(Math.abs(onset(samples, 0.01)! - 1.5)).toBeLessThanOrEqual(1 / 30);
      // Chunks meet at frames 30 and 60 (1.0 s and 2.0 s): sound continues across 2.0 s.
      expect(rms(samples, 1.9, 2.1)).toBeGreaterThan(0.05);
      expect(rms(samples, 0, 1.45)).toBeLessThan(0.005);
    } finally {
      await api?.stop();
      api = undefined;
      m.cleanup();
    }
  });
});
