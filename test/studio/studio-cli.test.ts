import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { studioUrlOf } from '../helpers/processes.ts';
import { repoRoot } from '../helpers/project.ts';
import { copyStudioProject } from './studio-helpers.ts';

const fixture = copyStudioProject();
afterAll(() => fixture.cleanup());

it('`framewright studio --port 0` serves the Studio on loopback and stops on SIGTERM', async () => {
  writeFileSync(path.join(fixture.dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(path.join(fixture.dir, 'framewright.config.ts'), `export default ${JSON.stringify({ templateRoot: 'index.ts', publicDir: 'public', dataDir: 'data' })};\n`);
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/framewright.js'), '--project', fixture.dir, 'studio', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await studioUrlOf(child);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="studio">');
    const info = (await (await fetch(new URL('api/info', url))).json()) as { mode: string; renderOptionsSchema: { properties: Record<string, unknown> } };
    expect(info.mode).toBe('local');
    expect(Object.keys(info.renderOptionsSchema.properties)).toEqual(expect.arrayContaining(['format', 'crf', 'scale', 'frames', 'concurrency']));
    const bundle = await fetch(new URL('build/templates.js', url));
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toContain('registerRoot');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

/** Runs `framewright studio` with `args` on the fixture project to its exit: its code and output. */
function studioRun(args: string[]): Promise<{ code: number | null; output: string }> {
  writeFileSync(path.join(fixture.dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(path.join(fixture.dir, 'framewright.config.ts'), `export default ${JSON.stringify({ templateRoot: 'index.ts', publicDir: 'public', dataDir: 'data' })};\n`);
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/framewright.js'), '--project', fixture.dir, 'studio', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A safety net, not an assertion: a Studio that hangs instead of exiting is killed before the
    // test's own timeout, so no process outlives the test.
    timeout: 45_000,
    killSignal: 'SIGKILL',
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

it('`framewright studio` on a port in use says so and exits, instead of hanging', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = holder.address() as net.AddressInfo;
    const { code, output } = await studioRun(['--port', String(port)]);
    expect(code).toBe(1);
    expect(output).toContain(`error: port ${port} on 127.0.0.1 is already in use`);
  } finally {
    holder.close();
  }
}, 60_000);

it('`framewright studio --port abc` is bad input: exit 2, one line naming the flag', async () => {
  const { code, output } = await studioRun(['--port', 'abc']);
  expect(code).toBe(2);
  expect(output.trim()).toBe('error [INVALID_OPTIONS]: "--port" must be an integer 0–65535, got abc');
}, 60_000);
