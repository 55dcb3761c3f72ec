import { describe, expect, it } from 'vitest';
import type { MediaClip } from '../media/timeline.ts';
import { atempoChain, audioMixGraph } from './mix-graph.ts';
import { planAudioMix, type AudioSourceInfo } from './mix-plan.ts';

const clip = (extra: Partial<MediaClip>): MediaClip => ({
  key: 'k', kind: 'audio', src: 'a', offset: 0, trimStart: 0, trimEnd: null, playbackRate: 1, loop: false, muted: false,
  from: 0, to: 30, volumes: Array(30).fill(1), ...extra,
});
const sources = new Map<string, AudioSourceInfo>([
  ['a', { file: '/a.wav', duration: 4, hasAudio: true }],
  ['silent', { file: '/v.mp4', duration: 4, hasAudio: false }],
]);
const range = { fps: 30, firstFrame: 0, frameCount: 90 };

describe('planAudioMix', () => {
  it.each([
    ['starts where its sequence starts', clip({ offset: 60, from: 60, to: 90 }), { outputStart: 2, duration: 1, sourceStart: 0 }],
    ['honours trimStart', clip({ trimStart: 15 }), { outputStart: 0, sourceStart: 0.5, duration: 1 }],
    ['stops at trimEnd', clip({ trimEnd: 15 }), { duration: 0.5, sourceEnd: 0.5 }],
    ['stops at the end of the source', clip({ from: 0, to: 90, offset: -90, volumes: Array(90).fill(1) }), { sourceStart: 3, duration: 1 }],
    ['plays faster', clip({ playbackRate: 2, from: 0, to: 60, volumes: Array(60).fill(1) }), { duration: 2, playbackRate: 2 }],
    [
      'wraps a loop into its span',
      clip({ loop: true, trimStart: 30, trimEnd: 60, offset: -45, from: 0, to: 30 }),
      { sourceStart: 1.5, loop: { start: 1, end: 2 }, duration: 1 },
    ],
  ])('%s', (_name, c, expected) => {
    const plan = planAudioMix([c], range, sources);
    expect(plan.segments).toHaveLength(1);
    expect(plan.segments[0]).toMatchObject(expected);
  });

  it.each([
    ['muted clips', clip({ muted: true })],
    ['sources without audio', clip({ src: 'silent' })],
    ['clips past trimEnd', clip({ trimEnd: 10, offset: -20 })],
    ['clips outside the range', clip({ from: 100, to: 120 })],
  ])('leaves out %s', (_name, c) => {
    expect(planAudioMix([c], range, sources).segments).toHaveLength(0);
  });

  it.each([
    ['audio track longer than the picture', 1.3],
    ['audio track shorter than the picture', 0.8],
  ])('loops a <Video>\'s sound at the length of its picture (%s)', (_name, duration) => {
    const video = new Map<string, AudioSourceInfo>([['v', { file: '/v.mp4', duration, hasAudio: true, videoDuration: 1 }]]);
    const looped = (extra: Partial<MediaClip>) => planAudioMix([clip({ src: 'v', kind: 'video', loop: true, ...extra })], range, video).segments[0]!.loop;
    expect(looped({})).toEqual({ start: 0, end: 1, exact: true });
    expect(looped({ trimEnd: 15 })).toEqual({ start: 0, end: 0.5, exact: true });
    // An <Audio> of the same file loops over its sound, as before.
    expect(looped({ kind: 'audio' })).toEqual({ start: 0, end: duration, exact: false });
  });

  it('cuts clips to a partial frame range and shifts them to its start', () => {
    const plan = planAudioMix([clip({ from: 0, to: 60, volumes: Array.from({ length: 60 }, (_, i) => i) })], { fps: 30, firstFrame: 45, frameCount: 30 }, sources);
    expect(plan.duration).toBe(1);
    expect(plan.segments[0]).toMatchObject({ outputStart: 0, sourceStart: 1.5, duration: 0.5 });
    expect(plan.segments[0]!.volume[0]).toEqual({ t: 0, v: 45 });
  });
});

describe('atempoChain', () => {
  it.each([
    [1, []],
    [2, ['atempo=2']],
    [0.25, ['atempo=0.5', 'atempo=0.5']],
    [0.3, ['atempo=0.5', 'atempo=0.6']],
  ])('%s', (rate, chain) => {
    expect(atempoChain(rate)).toEqual(chain);
  });
});

describe('audioMixGraph', () => {
  it('is silence of the exact length when nothing plays', () => {
    const graph = audioMixGraph({ segments: [], duration: 2, sampleRate: 48_000 });
    expect(graph.inputs).toEqual([]);
    expect(graph.graph).toBe('anullsrc=r=48000:cl=stereo,apad=whole_len=96000,atrim=end_sample=96000,asetpts=N/SR/TB[aout]');
  });

  it('places, trims and mixes segments without normalising', () => {
    const plan = planAudioMix(
      [clip({ offset: 60, from: 60, to: 90, volumes: Array(30).fill(0.5) }), clip({ key: 'b', loop: true, trimEnd: 30 })],
      range,
      sources,
    );
    const graph = audioMixGraph(plan, 1);
    expect(graph.inputs).toEqual(['/a.wav', '/a.wav']);
    expect(graph.graph.split(';\n')).toEqual([
      '[1:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,atrim=start_sample=0:end_sample=192000,asetpts=N/SR/TB,atrim=end_sample=48000,asetpts=N/SR/TB,volume=0.5,adelay=delays=96000S:all=1[s0]',
      '[2:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,atrim=start_sample=0:end_sample=48000,asetpts=N/SR/TB,aloop=loop=-1:size=48000,atrim=start_sample=0,asetpts=N/SR/TB,atrim=end_sample=48000,asetpts=N/SR/TB[s1]',
      '[s0][s1]amix=inputs=2:normalize=0:duration=longest:dropout_transition=0,apad=whole_len=144000,atrim=end_sample=144000,asetpts=N/SR/TB[aout]',
    ]);
  });

  it.each([
    [0.5, 'adelay=delays=24000S:all=1,atrim=start_sample=0:'],
    [-0.25, 'atrim=start_sample=12000,asetpts=N/SR/TB,atrim=start_sample=0:'],
  ])('lines the sound up with the picture first when it starts %s s after it', (audioOffset, steps) => {
    const video = new Map<string, AudioSourceInfo>([['v', { file: '/v.mp4', duration: 4, hasAudio: true, videoDuration: 4, audioOffset }]]);
    const graph = audioMixGraph(planAudioMix([clip({ src: 'v', kind: 'video' })], range, video));
    expect(graph.graph).toContain(`aformat=sample_fmts=fltp:channel_layouts=stereo,${steps}`);
  });

  it('pads an exact loop span with silence before looping it', () => {
    const video = new Map<string, AudioSourceInfo>([['v', { file: '/v.mp4', duration: 0.8, hasAudio: true, videoDuration: 1 }]]);
    const graph = audioMixGraph(planAudioMix([clip({ src: 'v', kind: 'video', loop: true })], range, video));
    expect(graph.graph).toContain('atrim=start_sample=0:end_sample=48000,asetpts=N/SR/TB,apad=whole_len=48000,aloop=loop=-1:size=48000,');
  });
});
