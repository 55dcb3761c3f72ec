import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/net.ts';

export { freePort };

const repo = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/framewright.js', import.meta.url));


export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `framewright serve` on the repository's templates, as a separate process (its own CPU time). */
export async function startServe(env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, bin, '--project', repo, 'serve', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 60_000;
  while (!/API\s+http/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start:\n${output}`);
    await sleep(50);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function waitForStatus(url: string, id: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  for (;;) {
    const render = (await (await fetch(`${url}/v1/renders/${id}`, { headers })).json()) as Record<string, unknown>;
    if (['succeeded', 'failed', 'canceled'].includes(String(render.status))) return render;
    await sleep(100);
  }
}
