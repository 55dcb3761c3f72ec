import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAudioTrack } from '../../src/render/audio/render-audio-track.ts';
import { concatSegments } from '../../src/render/chunks/concat-segments.ts';
import { planChunks } from '../../src/render/chunks/plan-chunks.ts';
import { renderMedia } from '../../src/render/render-media.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { probe } from '../helpers/media.ts';
import { decodeAudio, makeTone, mediaProject, onset, rms, type MediaProject } from './media-helpers.ts';

let m: MediaProject;
let host: RenderHost;

beforeAll(async () => {
  m = mediaProject();
  host = new RenderHost();
  await makeTone(path.join(m.publicDir, 'tone.wav'), { frequency: 440, seconds: 4 });
});

afterAll(async () => {
  await host.close();
  m.cleanup();
});

describe('the sound of a render assembled from chunks', () => {
  it('is mixed once from every chunk’s clips and muxed beside the joined video', async () => {
    const props = { durationInFrames: 90, clips: [{ src: 'tone.wav', from: 45 }] };
    const segments: string[] = [];
    const clips = [];
    for (const chunk of planChunks({ firstFrame: 0, lastFrame: 89, fps: 30, chunks: 3, liveWorkers: 3 })) {
      const file = path.join(m.dir, `chunk-${chunk.index}.mp4`);
      const r = await renderMedia({ project: m.project, host, template: 'audio-clips', props, frames: chunk.frames, muted: true, output: file });
      expect(r.hasAudio).toBe(false);
      segments.push(file);
      clips.push(...r.mediaClips);
    }
    // Sources are portable: another worker resolves them against its own project.
    expect(new Set(clips.map((c) => c.src))).toEqual(new Set(['framewright:public/tone.wav']));
    expect(clips).toHaveLength(2);

    const track = path.join(m.dir, 'track.m4a');
    expect(await renderAudioTrack({ project: m.project, clips, fps: 30, firstFrame: 0, frameCount: 90, output: track })).toEqual({ written: true });
    const joined = path.join(m.dir, 'joined.mp4');
    await concatSegments({ segments, output: joined, audioFile: track });

    const info = await probe(joined);
    expect(info.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const samples = await decodeAudio(joined);
    expect(Math.abs(onset(samples, 0.01)! - 1.5)).toBeLessThanOrEqual(1 / 30);
    // No gap where the chunks meet (frame 60 = 2.0 s): the clip was joined back into one.
    expect(rms(samples, 1.9, 2.1)).toBeGreaterThan(0.05);
    expect(rms(samples, 1.55, 2.95)).toBeGreaterThan(0.05);
  });

  it('writes nothing when nothing plays', async () => {
    expect(await renderAudioTrack({ project: m.project, clips: [], fps: 30, firstFrame: 0, frameCount: 30, output: path.join(m.dir, 'none.m4a') })).toEqual({ written: false });
  });
});
