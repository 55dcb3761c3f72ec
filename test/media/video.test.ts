import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { renderStill } from '../../src/render/render-still.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { colorDistance, decodeFrames, decodeImage, meanColor, probe } from '../helpers/media.ts';
import { clipColor, decodeAudio, makeColorClip, mediaProject, onset, rms, type MediaProject } from './media-helpers.ts';

let m: MediaProject;
let host: RenderHost;
const SOURCE_FRAMES = 40;

beforeAll(async () => {
  m = mediaProject();
  host = new RenderHost();
  await Promise.all([
    makeColorClip(path.join(m.publicDir, 'clip.mp4'), { frames: SOURCE_FRAMES, fps: 30, width: 64, height: 36, toneHz: 440 }),
    makeColorClip(path.join(m.publicDir, 'square.mp4'), { frames: 10, fps: 30, width: 36, height: 36 }),
  ]);
});

afterAll(async () => {
  await host.close();
  m.cleanup();
});

/** The source frame whose colour is nearest to what the output shows (and how near). */
function whichSourceFrame(color: readonly number[]): { k: number; distance: number } {
  let best = { k: -1, distance: Infinity };
  for (let k = 0; k < SOURCE_FRAMES; k++) {
    const distance = colorDistance(color, clipColor(k));
    if (distance < best.distance) best = { k, distance };
  }
  return best;
}

describe('<Video>', () => {
  it('shows source frame n − offset + trimStart at output frame n, holding the last frame at the end', async () => {
    const offset = 10;
    const trim = 5;
    const result = await renderMedia({
      project: m.project, host, template: 'video-clip', output: path.join(m.dir, 'accuracy.mp4'), crf: 10,
      props: { src: 'clip.mp4', offset, trimStart: trim, durationInFrames: 50 },
    });
    const frames = await decodeFrames(result.output, 160, 90);
    expect(frames).toHaveLength(50);
    for (let n = 0; n < 50; n++) {
      const color = meanColor(frames[n]!, 160, 80, 45, 6);
      if (n < offset) {
        expect(Math.max(...color), `frame ${n} is before the clip`).toBeLessThan(20);
        continue;
      }
      const expected = Math.min(n - offset + trim, SOURCE_FRAMES - 1);
      const seen = whichSourceFrame(color);
      expect(seen.k, `output frame ${n}`).toBe(expected);
      expect(seen.distance).toBeLessThan(12);
    }
    // The clip's own sound joins the mix from the offset on, trimmed like the picture.
    const samples = await decodeAudio(result.output);
    expect(rms(samples, 0, offset / 30 - 0.04)).toBeLessThan(0.001);
    expect(rms(samples, offset / 30 + 0.05, (offset + SOURCE_FRAMES - trim) / 30 - 0.05)).toBeGreaterThan(0.05);
  });

  it('plays at playbackRate, loops within trimStart–trimEnd, and leaves its sound out when muted', async () => {
    const result = await renderMedia({
      project: m.project, host, template: 'video-clip', output: path.join(m.dir, 'loop.mp4'), crf: 10,
      props: { src: 'clip.mp4', trimStart: 4, trimEnd: 20, playbackRate: 2, loop: true, muted: true, durationInFrames: 30 },
    });
    expect(result.hasAudio).toBe(false);
    const frames = await decodeFrames(result.output, 160, 90);
    for (let n = 0; n < 30; n++) {
      const expected = 4 + ((2 * n) % 16);
      expect(whichSourceFrame(meanColor(frames[n]!, 160, 80, 45, 6)).k, `output frame ${n}`).toBe(expected);
    }
  });

  it.each([
    ['longer', 1.3],
    ['shorter', 0.8],
  ])('loops its sound with its picture when the audio track is %s than the picture', async (_name, audioSeconds) => {
    // One second of picture; the sound is a 20 ms click at the start of the audio track.
    const src = `click-${audioSeconds}.mp4`;
    await promisify(execFile)('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${audioSeconds},volume=eval=frame:volume=lt(t\\,0.02)`,
      '-f', 'lavfi', '-i', 'color=red:size=64x36:rate=30:duration=1', '-map', '1:v', '-map', '0:a', '-c:v', 'libx264', '-c:a', 'aac', path.join(m.publicDir, src),
    ]);
    const result = await renderMedia({ project: m.project, host, template: 'video-clip', output: path.join(m.dir, src), props: { src, loop: true, durationInFrames: 120 } });
    const samples = await decodeAudio(result.output);
    const clicks: number[] = [];
    let sounding = false;
    for (let t = 0; t < 4; t += 0.002) {
      const now = rms(samples, t, t + 0.002) > 0.05;
      if (now && !sounding) clicks.push(t);
      sounding = now;
    }
    expect(clicks).toHaveLength(4);
    clicks.forEach((t, pass) => expect(Math.abs(t - pass), `click of pass ${pass} at ${t.toFixed(3)} s`).toBeLessThanOrEqual(1 / 30));
  });

  it('keeps its sound where the file places it against the picture (an audio track that starts 0.5 s in)', async () => {
    const src = 'late-sound.mp4';
    await promisify(execFile)('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=red:size=64x36:rate=30:duration=2',
      '-itsoffset', '0.5', '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=48000:duration=1,volume=eval=frame:volume=lt(t\\,0.02)',
      '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-c:a', 'aac', path.join(m.publicDir, src),
    ]);
    // Trimmed by 6 frames (0.2 s) and placed at frame 15 (0.5 s): the click is heard at 0.8 s.
    const result = await renderMedia({ project: m.project, host, template: 'video-clip', output: path.join(m.dir, src), props: { src, offset: 15, trimStart: 6, durationInFrames: 45 } });
    const start = onset(await decodeAudio(result.output), 0.05);
    expect(start).toBeDefined();
    expect(Math.abs(start! - 0.8)).toBeLessThanOrEqual(1 / 30);
  });

  it.each([
    // A square clip in a 16:9 box: contain leaves bars left and right, cover and fill reach the edges.
    ['contain', true],
    ['cover', false],
    ['fill', false],
  ] as const)('fits the frame with objectFit %s (stills too)', async (objectFit, bars) => {
    const file = path.join(m.dir, `fit-${objectFit}.png`);
    const still = await renderStill({ project: m.project, host, template: 'video-clip', frame: 3, format: 'png', output: file, props: { src: 'square.mp4', objectFit } });
    expect([still.width, still.height]).toEqual([160, 90]);
    const rgb = await decodeImage(file, 160, 90);
    expect(whichSourceFrame(meanColor(rgb, 160, 80, 45, 6)).k).toBe(3);
    const edge = meanColor(rgb, 160, 10, 45, 4);
    if (bars) expect(Math.max(...edge)).toBeLessThan(20);
    else expect(whichSourceFrame(edge).k).toBe(3);
  });

  // A phone's portrait video is stored landscape with a rotation tag. FFmpeg turns the decoded
  // frames upright, but the page's canvas was sized from the stored (landscape) size, so the
  // upright picture was squeezed into it.
  it('shows a source with rotation metadata upright, at its displayed size', async () => {
    const plain = path.join(m.dir, 'halves.mp4');
    // Stored 64x36: left half red, right half blue. The tag gives a display matrix of 90°
    // (counter-clockwise): it shows 36x64 with blue on top, as FFmpeg and players turn it.
    await promisify(execFile)('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=red:size=32x36:rate=30:duration=0.5', '-f', 'lavfi', '-i', 'color=blue:size=32x36:rate=30:duration=0.5',
      '-filter_complex', '[0][1]hstack', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', plain,
    ]);
    await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-i', plain, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path.join(m.publicDir, 'turned.mp4')]);
    const result = await renderMedia({
      project: m.project, host, template: 'video-clip', frames: [0, 0], output: path.join(m.dir, 'turned-out.mp4'),
      props: { src: 'turned.mp4', objectFit: 'contain', background: 'white', width: 160, height: 90, durationInFrames: 10 },
    });
    const [frame] = await decodeFrames(result.output, 160, 90);
    // Contained in 160x90, the 36x64 picture is about 50 px wide in the middle: white beside it.
    expect(colorDistance(meanColor(frame!, 160, 80, 20), [0, 0, 255])).toBeLessThan(60);
    expect(colorDistance(meanColor(frame!, 160, 80, 70), [255, 0, 0])).toBeLessThan(60);
    expect(colorDistance(meanColor(frame!, 160, 20, 45), [255, 255, 255])).toBeLessThan(30);
    expect(colorDistance(meanColor(frame!, 160, 140, 45), [255, 255, 255])).toBeLessThan(30);
  });

  it('keeps a source’s alpha: a ProRes 4444 clip shows the template’s background through it', async () => {
    // Made by Framewright itself: left half transparent, right half rgb(40·frame, 200, 40).
    const mov = await renderMedia({ project: m.project, host, template: 'half-transparent', format: 'mov', output: path.join(m.publicDir, 'alpha.mov') });
    const still = path.join(m.dir, 'alpha.png');
    await renderStill({ project: m.project, host, template: 'video-clip', frame: 2, format: 'png', output: still, props: { src: path.basename(mov.output), background: 'rgb(0, 0, 255)' } });
    const rgb = await decodeImage(still, 160, 90);
    expect(colorDistance(meanColor(rgb, 160, 40, 45), [0, 0, 255])).toBeLessThan(8);
    expect(colorDistance(meanColor(rgb, 160, 120, 45), [80, 200, 40])).toBeLessThan(12);
  });

  it('fails with ASSET_FETCH_FAILED naming a source that is not a video', async () => {
    const error = await renderMedia({
      project: m.project, host, template: 'video-clip', output: path.join(m.dir, 'bad.mp4'), props: { src: 'fonts/DejaVuSansMono-Bold.ttf', durationInFrames: 5 },
    }).catch((e: unknown) => e);
    expect((error as FramewrightError).code).toBe('ASSET_FETCH_FAILED');
    expect((error as FramewrightError).message).toMatch(/DejaVuSansMono-Bold\.ttf/);
  });

  it('keeps the output frame count and size', async () => {
    const result = await renderMedia({ project: m.project, host, template: 'video-clip', output: path.join(m.dir, 'count.webm'), format: 'webm', props: { src: 'clip.mp4', durationInFrames: 12 } });
    const info = await probe(result.output);
    const video = info.streams.find((s) => s.codec_type === 'video')!;
    expect([video.codec_name, video.width, video.height, Number(video.nb_read_frames)]).toEqual(['vp9', 160, 90, 12]);
    expect(info.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('opus');
  });
});
