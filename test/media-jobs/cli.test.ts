import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, videoStream } from '../helpers/media.ts';
import { repoRoot, tempDir } from '../helpers/project.ts';
import { makeImage, makeTestVideo } from './inputs.ts';

const run = promisify(execFile);
let tmp: { dir: string; cleanup: () => void };

beforeAll(async () => {
  tmp = tempDir('fw-media-cli-');
  await makeTestVideo(path.join(tmp.dir, 'in.mp4'), { seconds: 4, width: 160, height: 90, fps: 25 });
  await makeImage(path.join(tmp.dir, 'logo.png'), 32, 16, 'white');
});

afterAll(() => tmp?.cleanup());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/framewright.js'), 'media', ...args], { cwd: tmp.dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('framewright media', () => {
  it('writes every asked output into --out and nothing else', async () => {
    const r = await cli('in.mp4', '--out', 'out', '--transcode', 'mp4:width=96,preset=ultrafast', '--hls', '90', '--thumbnails', 'every=2,format=webp', '--sprite', 'every=1,columns=2,width=32', '--audio', 'wav', '--probe', '--watermark', 'logo.png@top-left,opacity=0.7');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = path.join(tmp.dir, 'out');
    expect(readdirSync(out).sort()).toEqual(['audio.wav', 'hls', 'probe.json', 'sprite', 'thumbnails', 'video.mp4']);
    expect(videoStream(await probe(path.join(out, 'video.mp4')))).toMatchObject({ width: 96, height: 54 });
    expect(readdirSync(path.join(out, 'thumbnails')).sort()).toEqual(['thumb-0001-0s.webp', 'thumb-0002-2s.webp', 'thumbnails.json']);
    expect(readFileSync(path.join(out, 'hls', 'master.m3u8'), 'utf8')).toContain('90p/index.m3u8');
    expect(readdirSync(path.join(out, 'sprite')).sort()).toEqual(['sprite.jpg', 'sprite.vtt']);
    expect(r.stdout).toMatch(/Processed in\.mp4 \(4\.\d\ds\)/);
  });

  it('a file that is not media exits 2 with a message naming why, leaving no output', async () => {
    writeFileSync(path.join(tmp.dir, 'notes.mp4'), 'hello\n');
    const r = await cli('notes.mp4', '--out', 'bad', '--transcode', 'mp4');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MEDIA_INPUT_INVALID.*not a media file/);
    expect(readdirSync(path.join(tmp.dir, 'bad'))).toEqual([]);
  });
});
