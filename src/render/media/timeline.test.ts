import { describe, expect, it } from 'vitest';
import type { MediaElementReport } from '../../runtime/media/media-types.ts';
import { mergeMediaReports } from './timeline.ts';

const base: Omit<MediaElementReport, 'frames' | 'volumes'> = {
  key: ':r1:', kind: 'audio', src: 'http://x/a.wav', offset: 0, trimStart: 0, trimEnd: null, playbackRate: 1, loop: false, muted: false,
};
const report = (frames: number[], extra: Partial<MediaElementReport> = {}): MediaElementReport => ({
  ...base, frames, volumes: frames.map((f) => f / 100), ...extra,
});

describe('mergeMediaReports', () => {
  it('joins frames two pages rendered interleaved into one clip', () => {
    const clips = mergeMediaReports([[report([0, 2, 4])], [report([1, 3, 5])]]);
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({ from: 0, to: 6, volumes: [0, 0.01, 0.02, 0.03, 0.04, 0.05] });
  });

  it('splits at a gap (unmounted and mounted again)', () => {
    const clips = mergeMediaReports([[report([0, 1, 5, 6])]]);
    expect(clips.map((c) => [c.from, c.to])).toEqual([[0, 2], [5, 7]]);
  });

  it('keeps elements with other settings apart', () => {
    const clips = mergeMediaReports([[report([0, 1]), report([0, 1], { key: ':r2:' }), report([2, 3], { playbackRate: 2 })]]);
    expect(clips).toHaveLength(3);
  });

  it('counts a frame seen twice (a re-rendered frame) once', () => {
    const clips = mergeMediaReports([[report([0, 1])], [report([1, 2])]]);
    expect(clips).toHaveLength(1);
    expect(clips[0]!.volumes).toHaveLength(3);
  });

  it('orders clips by start', () => {
    const clips = mergeMediaReports([[report([10, 11], { key: 'b' }), report([3], { key: 'a' })]]);
    expect(clips.map((c) => c.key)).toEqual(['a', 'b']);
  });
});
