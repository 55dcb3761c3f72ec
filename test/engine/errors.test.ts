import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderChildren } from '../helpers/processes.ts';
import { fixtureProject, fixtureProjectDir, repoRoot, tempDir } from '../helpers/project.ts';
import { failure } from '../helpers/failure.ts';

const run = promisify(execFile);
const tmp = tempDir();
const dataDir = path.join(tmp.dir, 'data');
const project = fixtureProject(dataDir);
afterAll(() => tmp.cleanup());

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/framewright.js'), '--project', fixtureProjectDir, ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}


describe('errors a person can act on', () => {
  it('bad props: exit 2 and the field named, in one line', async () => {
    const out = path.join(tmp.dir, 'shop.mp4');
    const r = await cli(['render', 'shop', out, '--props', '{"title": "Deals", "items": [{"name": "A", "price": -3}]}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_PROPS/);
    expect(r.stderr).toContain('"items.0.price"');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('bad flags: exit 2', async () => {
    const r = await cli(['render', 'color-frames', path.join(tmp.dir, 'x.mp4'), '--crf', '99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"crf".*got 99/);
  });

  it('an exception in a template names its own file and line', async () => {
    const e = await failure(renderMedia({ project, template: 'throws', output: path.join(tmp.dir, 'throws.mp4'), props: { atFrame: 5 } }));
    expect(e.code).toBe('TEMPLATE_ERROR');
    expect(e.message).toContain('boom at frame 5');
    // The throw statement is on line 8 of failures.tsx.
    expect(e.message).toMatch(/templates\/failures\.tsx:8:\d+/);
    expect(e.templateStack).toMatch(/failures\.tsx:8/);
  });

  it('the CLI prints a template failure as one line with exit 1', async () => {
    const r = await cli(['render', 'throws', path.join(tmp.dir, 't.mp4')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/TEMPLATE_ERROR.*boom at frame 5.*failures\.tsx:8/);
  });

  it('a delayRender that never continues fails after its timeout, naming the label', async () => {
    const e = await failure(
      renderMedia({ project, template: 'never-continues', output: path.join(tmp.dir, 'never.mp4'), delayRenderTimeoutMs: 1_000 }),
    );
    expect(e.code).toBe('DELAY_RENDER_TIMEOUT');
    expect(e.message).toContain('waiting for the weather API');
    expect(e.message).toContain('1000 ms');
  });

  it('an unknown template is TEMPLATE_NOT_FOUND listing the known ones', async () => {
    const e = await failure(renderMedia({ project, template: 'nope', output: path.join(tmp.dir, 'nope.mp4') }));
    expect(e.code).toBe('TEMPLATE_NOT_FOUND');
    expect(e.message).toContain('color-frames');
  });
});

describe('cancel', () => {
  it('rejects with CANCELED, leaves no process and no partial output', async () => {
    const outDir = path.join(tmp.dir, 'cancel');
    const output = path.join(outDir, 'cancelled.mp4');
    const controller = new AbortController();
    let abortedAt = 0;
    const render = renderMedia({
      project,
      template: 'color-frames',
      output,
      signal: controller.signal,
      // 320x180 renders fast; a high scale makes it slow enough to cancel mid-way.
      scale: 4,
      preset: 'veryslow',
      onProgress: (p) => {
        if (p.encodedFrames >= 5 && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const e = await failure(render);
    // How fast it stops is measured in bench/render.ts (cancelMs), not asserted here.
    expect(e.code).toBe('CANCELED');
    expect(abortedAt).toBeGreaterThan(0);
    expect(renderChildren()).toEqual([]);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('warnings for common template mistakes', () => {
  it('Math.random() renders, with a warning and the hint that explains it', async () => {
    const result = await renderMedia({ project, template: 'flicker', output: path.join(tmp.dir, 'flicker.mp4') });
    expect(result.warnings.map((w) => w.code)).toEqual(['MATH_RANDOM']);
    expect(result.warnings[0]!.hint).toContain('random(seed)');
  });

  it('a deterministic template gets no warnings (React and zod do not trip the watch)', async () => {
    const result = await renderMedia({ project, template: 'color-frames', output: path.join(tmp.dir, 'clean.mp4'), frames: [0, 9] });
    expect(result.warnings).toEqual([]);
  });
});
