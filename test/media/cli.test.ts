import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../helpers/media.ts';
import { fixtureProjectDir, repoRoot } from '../helpers/project.ts';
import { makeTone, mediaProject, type MediaProject } from './media-helpers.ts';

const run = promisify(execFile);
let m: MediaProject;

beforeAll(async () => {
  m = mediaProject();
  await makeTone(path.join(m.publicDir, 'tone.wav'), { frequency: 440, seconds: 1 });
  // A project folder of its own: the fixture templates, this test's public/ and data dir. An ESM
  // package, as a user's project is, so the TypeScript config loads as a module.
  writeFileSync(path.join(m.dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    path.join(m.dir, 'framewright.config.ts'),
    `export default ${JSON.stringify({ templateRoot: path.join(fixtureProjectDir, 'index.ts'), publicDir: m.publicDir, dataDir: path.join(m.dir, 'data') })};\n`,
  );
});

afterAll(() => m.cleanup());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/framewright.js'), '--project', m.dir, ...args], { cwd: m.dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const tone = JSON.stringify({ clips: [{ src: 'tone.wav' }], durationInFrames: 15 });

describe('framewright render: media flags', () => {
  it('--format webm --muted --poster <frame>', async () => {
    const out = path.join(m.dir, 'clip.webm');
    const { code, stdout, stderr } = await cli('render', 'audio-clips', out, '--props', tone, '--format', 'webm', '--muted', '--poster', '5');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/→ .*clip\.webm \(webm, .*160x90/);
    expect(stdout).toContain(`poster: ${path.join(m.dir, 'clip.poster.jpg')}`);
    const counts = /frames: (\d+) captured, (\d+) reused/.exec(stdout);
    expect(Number(counts?.[1]) + Number(counts?.[2])).toBe(15);
    const info = await probe(out);
    expect(info.streams.map((s) => s.codec_name)).toEqual(['vp9']);
    expect(existsSync(path.join(m.dir, 'clip.poster.jpg'))).toBe(true);
  });

  it('picks the format from the extension, with GIF knobs', async () => {
    const out = path.join(m.dir, 'anim.gif');
    const { code } = await cli('render', 'color-frames', out, '--frames', '0-29', '--every-nth-frame', '3', '--gif-loop', 'forever');
    expect(code).toBe(0);
    const video = (await probe(out)).streams[0]!;
    expect([video.codec_name, Number(video.nb_read_frames)]).toEqual(['gif', 10]);
  });

  it('writes audio only for .mp3 with --audio-bitrate', async () => {
    const out = path.join(m.dir, 'sound.mp3');
    const { code, stdout } = await cli('render', 'audio-clips', out, '--props', tone, '--audio-bitrate', '96k');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Scanned 15 frames/);
    expect((await probe(out)).streams.map((s) => s.codec_type)).toEqual(['audio']);
  });

  it.each([
    [['--crf', '60'], /error \[INVALID_OPTIONS\]: .*"crf": must be 0–51 for mp4, got 60/],
    [['--format', 'mp3', '--muted'], /error \[INVALID_OPTIONS\]: .*"muted"/],
    [['--poster', 'x'], /error \[INVALID_OPTIONS\]: .*"poster.frame"/],
    [['--hls-renditions', '720,abc', '--format', 'hls'], /error \[INVALID_OPTIONS\]: .*"hlsRenditions"/],
    [['--format', 'mkv'], /argument 'mkv' is invalid/],
  ])('refuses %j with exit code 2', async (flags, message) => {
    const { code, stderr } = await cli('render', 'color-frames', path.join(m.dir, 'never.mp4'), ...flags);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(path.join(m.dir, 'never.mp4'))).toBe(false);
  });
});
