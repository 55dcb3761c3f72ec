/**
 * Distributed rendering: one long bench-promo render through the service, unchunked and split
 * across W worker processes sharing one Redis and one storage folder. Prints one JSON line.
 *
 *   node --import tsx bench/distributed.ts [--seconds 60] [--workers 2] [--chunks auto|N]
 *
 * assemblyMs is the parent job's join (stream copy) of the segments; overhead = assembly / total.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from '../src/bundle/project.ts';
import { loadConfig } from '../server/config/load-config.ts';
import { startService } from '../server/service.ts';
import { machine, round } from './lib.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const seconds = Number(arg('seconds', '60'));
const workerCount = Number(arg('workers', '2'));
const chunks = arg('chunks', 'auto');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-dist-'));
const env = {
  ...process.env,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: `fwb-${randomBytes(4).toString('hex')}`,
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  RENDER_CONCURRENCY: '2',
};

const api = await startService({ config: loadConfig(env), project: Project.fromConfig(repo, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir }), worker: false });
const workers: ChildProcess[] = [];
try {
  await Promise.all(
    Array.from({ length: workerCount }, (_, i) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(repo, 'bin/framewright.js'), 'worker', '--name', `bench-${i}`], { env, cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
        workers.push(child);
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker running') && resolve());
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      }),
    ),
  );

  async function render(output: Record<string, unknown>): Promise<{ wallMs: number; assemblyMs: number | null; frames: number }> {
    const started = performance.now();
    const res = await fetch(`${api.url}/v1/renders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'bench-promo', props: { seconds }, output, cache: false }),
    });
    const { id } = (await res.json()) as { id: string };
    for (;;) {
      const r = (await (await fetch(`${api.url}/v1/renders/${id}`)).json()) as { status: string; error: unknown; output: { frames: number } | null };
      if (r.status === 'succeeded') {
        const meta = JSON.parse(readFileSync(path.join(dataDir, 'storage', 'renders', id, 'render.json'), 'utf8')) as { timings?: { assembleMs?: number } };
        return { wallMs: performance.now() - started, assemblyMs: meta.timings?.assembleMs ?? null, frames: r.output!.frames };
      }
      if (r.status === 'failed' || r.status === 'canceled') throw new Error(`render ${r.status}: ${JSON.stringify(r.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const whole = await render({ chunks: 1 });
  const split = await render({ chunks: chunks === 'auto' ? 'auto' : Number(chunks) });
  console.log(
    JSON.stringify({
      bench: 'distributed',
      machine: machine(),
      seconds,
      frames: split.frames,
      workers: workerCount,
      chunks,
      unchunkedSeconds: round(whole.wallMs / 1000),
      chunkedSeconds: round(split.wallMs / 1000),
      speedup: round(whole.wallMs / split.wallMs),
      assemblyMs: split.assemblyMs === null ? null : round(split.assemblyMs, 0),
      assemblyShare: split.assemblyMs === null ? null : round(split.assemblyMs / split.wallMs, 4),
    }),
  );
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
  await api.close();
  rmSync(dataDir, { recursive: true, force: true });
}
