/**
 * The same bench-promo render (1080p30, 300 frames, crf 18, preset medium, 2 pages) through
 * the API and with the CLI, one after the other. Prints one JSON line.
 *
 *   node --import tsx bench/e2e.ts [--frames 300]
 *
 * API time: POST /v1/renders until the render's final SSE event (queue pickup, render, ffprobe,
 * storage included) on a running `framewright serve` whose browser is warm. CLI time: the whole
 * `framewright render` process, start to exit. Goal: api / cli ≤ 1.10.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, round } from './lib.ts';
import { startServe, waitForStatus } from './service-process.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/framewright.js', import.meta.url));
const framesArg = process.argv.indexOf('--frames');
const frames = framesArg > 0 ? Number(process.argv[framesArg + 1]) : 300;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-e2e-'));

function runCli(args: string[]): Promise<{ seconds: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--project', repo, ...args], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve({ seconds: (performance.now() - started) / 1000, output }) : reject(new Error(`render exited ${code}:\n${output}`))));
  });
}

/** Resolves when the SSE stream of the render delivers its final event. */
async function untilFinal(url: string): Promise<void> {
  const res = await fetch(url);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    text += decoder.decode(value, { stream: true });
    if (text.includes('event: final')) {
      await reader.cancel();
      return;
    }
  }
}

const output = { crf: 18, preset: 'medium', frames: [0, frames - 1] };
try {
  // Prime the bundle cache so neither side pays for the first esbuild run.
  await runCli(['render', 'title-card', path.join(dataDir, 'prime.mp4'), '--frames', '0-0']);

  const service = await startServe({ DATA_DIR: dataDir, RENDER_CONCURRENCY: '2' });
  let api: { seconds: number; renderSeconds: number };
  try {
    // A running service has a warm browser: one tiny render gets it there.
    const warm = (await (await fetch(`${service.url}/v1/renders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template: 'title-card', output: { frames: [0, 0] } }) })).json()) as { id: string };
    await waitForStatus(service.url, warm.id);
    const started = performance.now();
    const created = (await (await fetch(`${service.url}/v1/renders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template: 'bench-promo', output, cache: false }) })).json()) as { id: string };
    await untilFinal(`${service.url}/v1/renders/${created.id}/events`);
    const seconds = (performance.now() - started) / 1000;
    const done = await waitForStatus(service.url, created.id);
    if (done.status !== 'succeeded') throw new Error(`API render ${String(done.status)}: ${JSON.stringify(done.error)}`);
    api = { seconds, renderSeconds: (Date.parse(String(done.finishedAt)) - Date.parse(String(done.startedAt))) / 1000 };
  } finally {
    await service.stop();
  }

  const cli = await runCli(['render', 'bench-promo', path.join(dataDir, 'cli.mp4'), '--frames', `0-${frames - 1}`, '--crf', '18', '--preset', 'medium', '--concurrency', '2']);
  const cliRender = Number(/in ([\d.]+)s/.exec(cli.output)?.[1] ?? NaN);

  process.stdout.write(
    `${JSON.stringify({
      bench: 'e2e',
      date: new Date().toISOString(),
      machine: machine(),
      loadAverage: os.loadavg().map((l) => round(l)),
      template: 'bench-promo',
      frames,
      apiSeconds: round(api.seconds),
      apiWorkerSeconds: round(api.renderSeconds),
      cliSeconds: round(cli.seconds),
      cliRenderSeconds: cliRender,
      ratio: round(api.seconds / cli.seconds, 3),
      goal: { ratio: 1.1 },
    })}\n`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
