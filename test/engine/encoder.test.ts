/**
 * The frame encoder as the pipeline drives it: FFmpeg must work on frames as they arrive (no
 * probing seconds of input first) and be stopped outright when a render is abandoned.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameEncoder } from '../../src/render/encode/encoder.ts';
import { h264EncodeArgs } from '../../src/render/encode/ffmpeg-args.ts';
import { jpegLength } from '../../src/render/media/frame-readers.ts';
import { probe, videoStream } from '../helpers/media.ts';

const run = promisify(execFile);
const WIDTH = 320;
const HEIGHT = 180;

/** `count` distinct JPEG frames (FFmpeg's test pattern). */
async function jpegFrames(count: number): Promise<Buffer[]> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${WIDTH}x${HEIGHT}:rate=30`, '-frames:v', String(count), '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2pipe', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  const frames: Buffer[] = [];
  for (let rest = stdout; rest.length > 0; ) {
    const length = jpegLength(rest);
    if (length === undefined) throw new Error('FFmpeg wrote an incomplete JPEG');
    frames.push(rest.subarray(0, length));
    rest = rest.subarray(length);
  }
  return frames;
}

describe('FrameEncoder', () => {
  let dir: string;
  let frames: Buffer[];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fw-encoder-'));
    frames = await jpegFrames(60);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const encoderFor = (output: string) =>
    new FrameEncoder(h264EncodeArgs({ fps: 30, width: WIDTH, height: HEIGHT, imageFormat: 'jpeg', crf: 23, preset: 'veryfast', pixelFormat: 'yuv420p', output }));

  it('opens its output after the first frames, without buffering seconds of input to probe it', async () => {
    expect(frames).toHaveLength(60);
    const output = path.join(dir, 'early.mp4');
    const encoder = encoderFor(output);
    encoder.start();
    try {
      // Three frames (a tenth of a second, ~30 KB): FFmpeg's default probing would hold them
      // until it had 5 s or 5 MB of input, and create the output only then.
      for (const frame of frames.slice(0, 3)) await encoder.writeFrame(frame);
      await expect.poll(() => existsSync(output) && statSync(output).size > 0, { timeout: 30_000, interval: 50 }).toBe(true);
      for (const frame of frames.slice(3)) await encoder.writeFrame(frame);
      await encoder.finish();
    } catch (error) {
      await encoder.abort();
      throw error;
    }
    const stream = videoStream(await probe(output));
    expect(stream).toMatchObject({ width: WIDTH, height: HEIGHT, nb_read_frames: '60' });
  });

  it('abort stops FFmpeg at once: it does not go on to finish the file', async () => {
    const output = path.join(dir, 'aborted.mp4');
    const encoder = encoderFor(output);
    encoder.start();
    const pid = encoder.pid!;
    for (const frame of frames.slice(0, 30)) await encoder.writeFrame(frame);
    await expect.poll(() => existsSync(output), { timeout: 30_000, interval: 50 }).toBe(true);
    await encoder.abort();
    expect(() => process.kill(pid, 0)).toThrow();
    // Killed outright, FFmpeg never writes the index: what is left is not a playable MP4.
    await expect(probe(output)).rejects.toThrow();
  });
});
