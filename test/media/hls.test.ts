import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../src/render/formats/hls-playlist.ts';
import { renderMedia, type RenderMediaResult } from '../../src/render/render-media.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { makeTone, mediaProject, type MediaProject } from './media-helpers.ts';

const run = promisify(execFile);
let m: MediaProject;
let host: RenderHost;
let result: RenderMediaResult;
const FPS = 30;
const FRAMES = 300;
/** What the ladder promises for a 160×90 render asked for 90/60/40 (and 1080, which is larger). */
const LADDER = [
  { name: '90p', width: 160, height: 90 },
  { name: '60p', width: 106, height: 60 },
  { name: '40p', width: 72, height: 40 },
];

beforeAll(async () => {
  m = mediaProject();
  host = new RenderHost();
  await makeTone(path.join(m.publicDir, 'tone.wav'), { frequency: 440, seconds: 12 });
  result = await renderMedia({
    project: m.project, host, template: 'audio-clips', format: 'hls', hlsRenditions: [1080, 90, 60, 40], preset: 'veryfast',
    props: { clips: [{ src: 'tone.wav' }], durationInFrames: FRAMES }, output: path.join(m.dir, 'promo'),
  });
}, 300_000);

afterAll(async () => {
  await host.close();
  m.cleanup();
});

async function countFrames(input: string, map: string): Promise<{ frames: number; width: number; height: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', map, '-show_entries', 'stream=nb_read_frames,width,height', '-of', 'json', input]);
  const s = (JSON.parse(stdout) as { streams: Array<{ nb_read_frames: string; width: number; height: number }> }).streams[0]!;
  return { frames: Number(s.nb_read_frames), width: s.width, height: s.height };
}

describe('HLS', () => {
  it('writes a master playlist naming every rendition with its size, and a zip beside the folder', () => {
    expect(result.output).toBe(path.join(m.dir, 'promo'));
    const master = readFileSync(path.join(result.output, 'master.m3u8'), 'utf8');
    const inf = [...master.matchAll(/#EXT-X-STREAM-INF:(.*)\n(.*)/g)].map((x) => ({ attrs: x[1]!, uri: x[2]! }));
    expect(inf.map((v) => v.uri)).toEqual(LADDER.map((r) => `${r.name}/index.m3u8`));
    for (const [i, r] of LADDER.entries()) {
      expect(inf[i]!.attrs).toContain(`RESOLUTION=${r.width}x${r.height}`);
      expect(inf[i]!.attrs).toMatch(/BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+/);
      expect(inf[i]!.attrs).toMatch(/CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2"/);
    }
    expect(result.zip).toBe(path.join(m.dir, 'promo.zip'));
    expect(existsSync(result.zip!)).toBe(true);
  });

  it('is read by FFmpeg from the master playlist, every rendition decoding end to end at its promised size', async () => {
    const master = path.join(result.output, 'master.m3u8');
    for (const [i, r] of LADDER.entries()) {
      expect(await countFrames(master, `v:${i}`)).toEqual({ frames: FRAMES, width: r.width, height: r.height });
    }
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', master]);
    expect(stdout.trim().split('\n').filter((t) => t === 'audio').length).toBeGreaterThanOrEqual(1);
    await run('ffmpeg', ['-v', 'error', '-i', master, '-map', '0:a:0', '-f', 'null', '-']);
  });

  it('cuts segments of at most 6 s + one GOP (2 s) that add up to the video', () => {
    for (const r of LADDER) {
      const segments = parseMediaPlaylist(readFileSync(path.join(result.output, r.name, 'index.m3u8'), 'utf8'));
      expect(segments.length).toBe(2);
      for (const s of segments) expect(s.duration).toBeLessThanOrEqual(6 + 2);
      expect(segments.reduce((t, s) => t + s.duration, 0)).toBeCloseTo(FRAMES / FPS, 1);
      expect(readdirSync(path.join(result.output, r.name)).filter((f) => f.endsWith('.ts'))).toHaveLength(segments.length);
    }
  });

  it('captured the frames once for all renditions', () => {
    expect(result.timings.capturedFrames + result.timings.reusedFrames).toBe(FRAMES);
  });

  it('zips the folder for download', async () => {
    const { stdout } = await run('unzip', ['-Z1', result.zip!]);
    const names = stdout.trim().split('\n');
    expect(names).toContain('promo/master.m3u8');
    for (const r of LADDER) expect(names).toContain(`promo/${r.name}/index.m3u8`);
  });
});
