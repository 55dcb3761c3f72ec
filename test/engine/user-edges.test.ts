import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/bundle/project.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { renderFixture } from '../helpers/engine.ts';
import { failure } from '../helpers/failure.ts';
import { decodeFrames, probe, videoStream } from '../helpers/media.ts';
import { readFrameNumbers } from '../helpers/frame-grid.ts';
import { repoRoot, tempDir } from '../helpers/project.ts';

// Edge cases a new user runs into, found by trying the CLI and the engine as one would.
const run = promisify(execFile);
const tmp = tempDir();
afterAll(() => tmp.cleanup());
// The fixture templates (frame-grid paints its frame number as cells) with a warm host.
const fixtures = renderFixture();

/** A project of its own in the temp dir: `src/t.tsx` holds `source`, registered by `src/index.ts`. */
function projectWith(name: string, source: string): { dir: string; project: Project } {
  const dir = path.join(tmp.dir, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'index.ts'), `import { registerRoot } from 'framewright';\nimport { templates } from './t.tsx';\nregisterRoot(templates);\n`);
  writeFileSync(path.join(dir, 'src', 't.tsx'), source);
  return { dir, project: Project.fromConfig(dir, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir: path.join(dir, 'data') }) };
}

async function cli(projectDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/framewright.js'), '--project', projectDir, ...args], {
      env: { ...process.env, DATA_DIR: path.join(projectDir, 'data') },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const PLAIN = `import { AbsoluteFill, defineTemplate } from 'framewright';
import { z } from 'zod';
function Plain() { return <AbsoluteFill style={{ background: 'white' }} />; }
`;

describe('template code that throws in Node names its file and line, as a throw in a frame does', () => {
  it('calculateMetadata() that throws (sync and async): the line of the throw', async () => {
    const { project } = projectWith(
      'meta',
      `${PLAIN}
const base = { component: Plain, schema: z.object({}), defaultProps: {}, width: 64, height: 64, fps: 30, durationInFrames: 5 };
export const templates = [
  defineTemplate({ ...base, id: 'sync', calculateMetadata: () => { throw new Error('no feed'); } }),
  defineTemplate({ ...base, id: 'async', calculateMetadata: async () => { await Promise.resolve(); throw new Error('no feed either'); } }),
];
`,
    );
    const sync = await failure(renderMedia({ project, template: 'sync', output: path.join(tmp.dir, 'sync.mp4') }));
    expect(sync.code).toBe('TEMPLATE_ERROR');
    expect(sync.message).toMatch(/threw: no feed \(at src\/t\.tsx:7:\d+\)$/);
    const still = await failure(renderStill({ project, template: 'async' }));
    expect(still.message).toMatch(/threw: no feed either \(at src\/t\.tsx:8:\d+\)$/);
  });

  it('module-level code that throws when the templates load: the line, from the CLI in one line, exit 1', async () => {
    const { dir } = projectWith('import', `${PLAIN}\nconst config = JSON.parse('{"broken": ');\nexport const templates = [];\n`);
    const r = await cli(dir, ['render', 'plain', path.join(tmp.dir, 'import.mp4')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/error \[TEMPLATE_ERROR\]: Loading the templates failed: .*JSON.* \(at src\/t\.tsx:5:\d+\)/);
  });
});

describe('the output name must say what the file holds', () => {
  it('render to out.png, a JPEG still to out.png and an empty --frame are refused with exit 2 before anything is rendered', async () => {
    const { dir } = projectWith('names', `${PLAIN}\nexport const templates = [defineTemplate({ id: 'plain', component: Plain, schema: z.object({}), defaultProps: {}, width: 64, height: 64, fps: 30, durationInFrames: 3 })];\n`);
    const video = await cli(dir, ['render', 'plain', path.join(tmp.dir, 'video.png')]);
    expect([video.code, video.stderr]).toEqual([2, expect.stringMatching(/^error \[INVALID_OPTIONS\]: "format": cannot tell the format from the extension "\.png"/)]);
    const still = await cli(dir, ['still', 'plain', path.join(tmp.dir, 'frame.png'), '--image-format', 'jpeg']);
    expect([still.code, still.stderr]).toEqual([2, expect.stringMatching(/^error \[INVALID_OPTIONS\]: "imageFormat": --image-format jpeg does not match/)]);
    // An empty --frame is not frame 0.
    const empty = await cli(dir, ['still', 'plain', path.join(tmp.dir, 'frame.png'), '--frame', '']);
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringMatching(/"frame": .*got ""/)]);
    expect(existsSync(path.join(tmp.dir, 'video.png'))).toBe(false);
    expect(existsSync(path.join(tmp.dir, 'frame.png'))).toBe(false);
    // Nothing was bundled: the refusal comes first.
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });
});

describe('still options are checked like render options', () => {
  it('names the value received, and refuses a quality for a PNG instead of ignoring it', async () => {
    const { project } = projectWith('still-options', `${PLAIN}\nexport const templates = [defineTemplate({ id: 'plain', component: Plain, schema: z.object({}), defaultProps: {}, width: 64, height: 64, fps: 30, durationInFrames: 3 })];\n`);
    const scale = await failure(renderStill({ project, template: 'plain', scale: 0 }));
    expect([scale.code, scale.message]).toEqual(['INVALID_OPTIONS', expect.stringMatching(/"scale": .*>0, got 0$/)]);
    expect((await failure(renderStill({ project, template: 'plain', frame: 1.5 }))).message).toMatch(/"frame": .*, got 1\.5$/);
    const quality = await failure(renderStill({ project, template: 'plain', format: 'png', quality: 50 }));
    expect([quality.code, quality.message]).toEqual(['INVALID_OPTIONS', 'Invalid still options: "quality": applies to jpeg and webp only, got 50 for png']);
    // The same quality is what JPEG and WebP take.
    const jpeg = await renderStill({ project, template: 'plain', format: 'jpeg', quality: 50 });
    expect(jpeg.image.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // The default quality is no request: the API's request schema and the Studio's form send it
    // with every still, PNG included.
    const png = await renderStill({ project, template: 'plain', format: 'png', quality: 90 });
    expect(png.image.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});

describe('a GIF of one frame', () => {
  it('shows it for one frame time (FFmpeg alone writes a delay of 0)', async () => {
    const output = path.join(fixtures.tmp.dir, 'one.gif');
    await renderMedia({ project: fixtures.project, host: fixtures.host, template: 'frame-grid', output, format: 'gif', frames: [5, 5], props: { durationInFrames: 10 } });
    const info = await probe(output);
    const v = videoStream(info);
    expect(readFrameNumbers(await decodeFrames(output, v.width!, v.height!), v.width!, v.height!)).toEqual([5]);
    // GIF delays are in hundredths of a second: 1/30 s is written as 3.
    expect(Number(info.format.duration)).toBeCloseTo(0.03, 3);
  });
});

describe('renderMedia without a format', () => {
  it('writes what the output name says, as the CLI does (out.webm is VP9, out.wav is sound only)', async () => {
    const { project, host, tmp: dir } = fixtures;
    const webm = path.join(dir.dir, 'named.webm');
    const video = await renderMedia({ project, host, template: 'frame-grid', output: webm, frames: [0, 2], props: { durationInFrames: 10 } });
    const info = await probe(webm);
    expect([video.format, info.format.format_name, info.streams.map((s) => s.codec_name)]).toEqual(['webm', 'matroska,webm', ['vp9']]);
    const v = videoStream(info);
    expect(readFrameNumbers(await decodeFrames(webm, v.width!, v.height!), v.width!, v.height!)).toEqual([0, 1, 2]);
    const wav = path.join(dir.dir, 'named.wav');
    const sound = await renderMedia({ project, host, template: 'frame-grid', output: wav, props: { durationInFrames: 10 } });
    expect([sound.format, (await probe(wav)).streams.map((s) => s.codec_name)]).toEqual(['wav', ['pcm_s16le']]);
    // A name that says nothing keeps the default.
    const plain = await renderMedia({ project, host, template: 'frame-grid', output: path.join(dir.dir, 'named'), frames: [0, 0], props: { durationInFrames: 10 } });
    expect(plain.format).toBe('mp4');
  });
});

describe('running in the wrong folder', () => {
  it('a --project that does not exist, or a folder that is no project, is bad input (exit 2) saying what to do', async () => {
    const missing = await cli(path.join(tmp.dir, 'no-such-dir'), ['templates']);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, `error [INVALID_OPTIONS]: --project: ${path.join(tmp.dir, 'no-such-dir')} is not a directory`]);
    const empty = path.join(tmp.dir, 'empty');
    mkdirSync(empty);
    const r = await cli(empty, ['render', 'hello', path.join(tmp.dir, 'hello.mp4')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[INVALID_OPTIONS\]: .*empty is not a Framewright project: it has no framewright\.config\.ts and no src\/index\.ts .*framewright init/);
  });
});

describe('framewright templates', () => {
  it('prints 24000/1001 fps as 23.976 and one frame as "1 frame"', async () => {
    const { dir } = projectWith('listing', `${PLAIN}
const base = { component: Plain, schema: z.object({}), defaultProps: {}, width: 64, height: 64 };
export const templates = [defineTemplate({ ...base, id: 'film', fps: 24000 / 1001, durationInFrames: 48 }), defineTemplate({ ...base, id: 'poster', fps: 30, durationInFrames: 1 })];
`);
    const r = await cli(dir, ['templates']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^film +64x64 +23\.976 fps +48 frames \(2\.0s\)/m);
    expect(r.stdout).toMatch(/^poster +64x64 +30 fps +1 frame \(0\.0s\)/m);
  });
});

describe('HLS of an odd size', () => {
  it('its own rung is the frame cropped to even, as in MP4, not a one-pixel upscale', async () => {
    const { project, host, tmp: dir } = fixtures;
    const output = path.join(dir.dir, 'odd-hls');
    await renderMedia({ project, host, template: 'frame-grid', output, format: 'hls', frames: [0, 2], props: { width: 161, height: 97, durationInFrames: 10 } });
    const playlist = path.join(output, '96p', 'index.m3u8');
    const v = videoStream(await probe(playlist));
    expect([v.width, v.height]).toEqual([160, 96]);
    expect(readFrameNumbers(await decodeFrames(playlist, 160, 96), 160, 96)).toEqual([0, 1, 2]);
  });
});

describe('a delayRender() opened by module-level code', () => {
  it('times out after the render’s timeout, naming its label (not as an endless-loop FRAME_TIMEOUT)', async () => {
    const { project } = projectWith(
      'module-delay',
      `import { delayRender } from 'framewright';
${PLAIN}
// A config fetched at import that never arrives.
delayRender('loading the brand config');
export const templates = [defineTemplate({ id: 'plain', component: Plain, schema: z.object({}), defaultProps: {}, width: 64, height: 64, fps: 30, durationInFrames: 3 })];
`,
    );
    const e = await failure(renderStill({ project, host: fixtures.host, template: 'plain', delayRenderTimeoutMs: 1_000 }));
    expect(e.code).toBe('DELAY_RENDER_TIMEOUT');
    expect(e.message).toContain('delayRender("loading the brand config") was not continued within 1000 ms');
  });
});

describe('HLS into a folder of other files', () => {
  it('is refused (INVALID_OUTPUT) and the files stay: HLS replaces its whole folder', async () => {
    const { project, host, tmp: dir } = fixtures;
    const videos = path.join(dir.dir, 'videos');
    mkdirSync(videos);
    writeFileSync(path.join(videos, 'yesterday.mp4'), 'not to be lost');
    const e = await failure(renderMedia({ project, host, template: 'frame-grid', output: videos, format: 'hls', frames: [0, 1], props: { durationInFrames: 10 } }));
    expect([e.code, e.message]).toEqual(['INVALID_OUTPUT', expect.stringContaining('(yesterday.mp4)')]);
    expect(readFileSync(path.join(videos, 'yesterday.mp4'), 'utf8')).toBe('not to be lost');
  });
});

describe('an <Img> with an empty src (a prop left blank)', () => {
  it('fails at once naming <Img> and the template line, instead of waiting out the delayRender timeout', async () => {
    const { project } = projectWith(
      'empty-img',
      `import { Img } from 'framewright';
${PLAIN}
function Logo({ logo }: { logo: string }) { return <AbsoluteFill><Img src={logo} /></AbsoluteFill>; }
export const templates = [defineTemplate({ id: 'logo', component: Logo, schema: z.object({ logo: z.string() }), defaultProps: { logo: '' }, width: 64, height: 64, fps: 30, durationInFrames: 3 })];
`,
    );
    const started = Date.now();
    // A timeout long enough that waiting it out would show: the failure must not depend on it.
    const e = await failure(renderStill({ project, host: fixtures.host, template: 'logo', delayRenderTimeoutMs: 60_000 }));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(e.code).toBe('TEMPLATE_ERROR');
    expect(e.message).toContain('<Img>');
    // The component that rendered the <Img> (Logo, line 6): the throw itself is inside the runtime.
    expect(e.message).toContain('src/t.tsx:6');
  });
});

describe('an <Audio> or <Video> with an empty src', () => {
  it.each(['Audio', 'Video'])('<%s src=""> fails naming the component and the empty src, not the page (index.html)', async (kind) => {
    const { project } = projectWith(
      `empty-${kind}`,
      `import { ${kind} } from 'framewright';
${PLAIN}
function Clip() { return <AbsoluteFill><${kind} src="" /></AbsoluteFill>; }
export const templates = [defineTemplate({ id: 'clip', component: Clip, schema: z.object({}), defaultProps: {}, width: 64, height: 64, fps: 30, durationInFrames: 3 })];
`,
    );
    const e = await failure(renderMedia({ project, host: fixtures.host, template: 'clip', output: path.join(tmp.dir, `empty-${kind}.mp4`) }));
    expect(e.code).toBe('TEMPLATE_ERROR');
    expect(e.message).toContain(`<${kind}> was given an empty src`);
    expect(e.message).not.toContain('index.html');
  });
});
