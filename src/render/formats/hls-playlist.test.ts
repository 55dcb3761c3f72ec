import { describe, expect, it } from 'vitest';
import { withTargetDuration } from './hls-playlist.ts';

const playlist = (target: number, durations: number[]) =>
  ['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-PLAYLIST-TYPE:VOD', ...durations.flatMap((d, i) => [`#EXTINF:${d.toFixed(6)},`, `segment-${i}.ts`]), '#EXT-X-ENDLIST', ''].join('\n');

describe('withTargetDuration', () => {
  it.each([
    [6, [6.006, 6.006, 2.002], 7],
    [6, [6, 6, 3], 6],
    [4, [4.5, 1], 5],
    [8, [6, 2], 8],
  ])('target %i with segments %j → %i', (stated, durations, expected) => {
    const out = withTargetDuration(playlist(stated, durations));
    expect(out).toBe(playlist(expected, durations));
  });
});
