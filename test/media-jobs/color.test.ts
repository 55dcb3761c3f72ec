import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMediaJob, type MediaArtifact } from '../../src/media-jobs/pipeline.ts';
import { isNeutral, readPatches, type PatchError } from '../helpers/color-patches.ts';
import { decodeFramesExact, meanColor, probe, videoStream } from '../helpers/media.ts';
import { makePatchVideo, type SourceEncoding } from '../helpers/patch-video.ts';
import { tempDir } from '../helpers/project.ts';

// A media job must keep the input's colours: every output, decoded the way players decode it
// (FFmpeg honouring the tags; JPEG and WebP as BT.601, as every browser reads them), shows the
// patches the input holds, whatever matrix and range the input was encoded with.
let tmp: ReturnType<typeof tempDir>;
const results = new Map<SourceEncoding, MediaArtifact[]>();
const ENCODINGS: SourceEncoding[] = ['bt709', 'bt601', 'jpeg', 'bt709-full', 'bt709-10bit'];
const watermarked = new Map<SourceEncoding, MediaArtifact[]>();
const LOGO = [0xf5, 0x9e, 0x0b] as const;
let logo: string;
const run = promisify(execFile);

beforeAll(async () => {
  tmp = tempDir('fw-media-color-');
  // The watermark: a 64 px square of an example's brand orange, laid over the first patch.
  logo = path.join(tmp.dir, 'logo.png');
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0x${LOGO.map((v) => v.toString(16).padStart(2, '0')).join('')}:s=64x64`, '-frames:v', '1', logo]);
  for (const encoding of ENCODINGS) {
    const input = path.join(tmp.dir, `${encoding}.mp4`);
    await makePatchVideo(input, encoding, { frames: 10, fps: 10 });
    const marked = await runMediaJob({
      input,
      workDir: path.join(tmp.dir, `${encoding}-marked`),
      outputs: [{ type: 'transcode', format: 'mp4' }, { type: 'hls', renditions: [{ height: 256 }] }],
      watermark: { file: logo, position: 'top-left', margin: 0, width: 64 / 448, opacity: 1 },
    });
    watermarked.set(encoding, marked.artifacts);
    const { artifacts } = await runMediaJob({
      input,
      workDir: path.join(tmp.dir, encoding),
      outputs: [
        { type: 'transcode', format: 'mp4' },
        { type: 'transcode', format: 'webm' },
        { type: 'transcode', format: 'mov' },
        { type: 'thumbnails', at: [0.5], format: 'jpeg' },
        { type: 'thumbnails', at: [0.5], format: 'webp' },
        { type: 'thumbnails', at: [0.5], format: 'png' },
        { type: 'sprite', every: 1, columns: 1, width: 448 },
        { type: 'transcode', format: 'mp4-h265' },
        { type: 'hls', renditions: [{ height: 256 }, { height: 128 }] },
      ],
    });
    results.set(encoding, artifacts);
  }
});

afterAll(() => tmp?.cleanup());

async function patchesOf(file: string): Promise<PatchError[]> {
  const [rgb] = await decodeFramesExact(file);
  return readPatches(rgb!, videoStream(await probe(file)).width!);
}

async function onlyFile(folder: string, ext: string): Promise<string> {
  const files = (await readdir(folder)).filter((f) => f.endsWith(ext));
  expect(files).toHaveLength(1);
  return path.join(folder, files[0]!);
}

function expectWithin(patches: PatchError[], neutral: number, other: number, label: string) {
  for (const p of patches) {
    const limit = isNeutral(p.name) ? neutral : other;
    expect(p.error, `${label}: ${p.name} painted ${p.expected.join(',')} reads ${p.got.join(',')}`).toBeLessThanOrEqual(limit);
  }
}

describe.each(ENCODINGS)('media job from a %s input', (encoding) => {
  const artifact = (name: string) => results.get(encoding)!.find((a) => a.name === name)!;

  it('the input itself decodes to the patches (the reference)', async () => {
    expectWithin(await patchesOf(path.join(tmp.dir, `${encoding}.mp4`)), 1, 1, `${encoding} input`);
  });

  it.each([
    ['video.mp4', 2],
    ['video.webm', 2],
    ['video.mov', 1],
    ['video-h265.mp4', 2],
  ])('transcode %s keeps the colours', async (name, other) => {
    expectWithin(await patchesOf(artifact(name).path), 1, other, `${encoding} → ${name}`);
  });

  it.each([
    ['thumbnails-4', '.jpg', 2],
    ['thumbnails-5', '.webp', 2],
    ['thumbnails-6', '.png', 1],
  ])('%s (%s) shows the colours', async (name, ext, other) => {
    const file = await onlyFile(artifact(name).path, ext);
    expectWithin(await patchesOf(file), 1, other, `${encoding} → thumbnail ${ext}`);
  });

  it.each([
    ['256p', 1],
    ['128p', 0.5],
  ])('HLS rendition %s keeps the colours', async (rung, scale) => {
    const segment = path.join(artifact('hls').path, rung, 'segment-000.ts');
    const [rgb] = await decodeFramesExact(segment);
    expectWithin(readPatches(rgb!, videoStream(await probe(segment)).width!, scale), 1, 2, `${encoding} → hls ${rung}`);
  });

  it.each([
    ['video.mp4', 'video.mp4'],
    ['hls', path.join('256p', 'segment-000.ts')],
  ])('a watermark on %s shows the logo in its own colour, the video around it unchanged', async (name, file) => {
    const output = path.join(watermarked.get(encoding)!.find((a) => a.name === name)!.path, name === 'hls' ? file : '');
    const [rgb] = await decodeFramesExact(output);
    const width = videoStream(await probe(output)).width!;
    const shown = meanColor(rgb!, width, 32, 32, 8).map((v) => Math.round(v));
    expect(Math.max(...shown.map((v, k) => Math.abs(v - LOGO[k]!))), `${encoding} → ${name}: logo ${LOGO.join(',')} shows ${shown.join(',')}`).toBeLessThanOrEqual(2);
    expectWithin(readPatches(rgb!, width).slice(1), 1, 2, `${encoding} → watermarked ${name}`);
  });

  it('the sprite sheet shows the colours', async () => {
    const file = await onlyFile(artifact('sprite').path, '.jpg');
    expectWithin(await patchesOf(file), 1, 2, `${encoding} → sprite`);
  });
});
