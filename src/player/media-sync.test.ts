import { describe, expect, it } from 'vitest';
import type { MediaPlayback } from '../runtime/media/media-types.ts';
import { elementRate, sourceSeconds } from './media-sync.ts';

const base: MediaPlayback = { kind: 'audio', src: 'http://x/a.wav', offset: 0, trimStart: 0, trimEnd: null, playbackRate: 1, loop: false, muted: false };

describe('sourceSeconds: where the Player puts an <Audio>/<Video> element at a frame (30 fps)', () => {
  it.each([
    ['at the start', {}, 0, 10, 0],
    ['one second in', {}, 30, 10, 1],
    ['in a Sequence from 30, before it', { offset: 30 }, 15, 10, undefined],
    ['in a Sequence from 30, 15 frames in', { offset: 30 }, 45, 10, 0.5],
    ['trimmed by 60 frames', { trimStart: 60 }, 30, 10, 3],
    ['twice as fast', { playbackRate: 2 }, 30, 10, 2],
    ['past the end of the source', {}, 330, 10, undefined],
    ['past trimEnd', { trimEnd: 60 }, 61, 10, undefined],
    ['looping between trimStart and trimEnd', { trimStart: 30, trimEnd: 90, loop: true }, 75, 10, 1.5],
    ['looping over the whole source', { loop: true }, 330, 10, 1],
  ] as const)('%s', (_name, patch, frame, duration, expected) => {
    const t = sourceSeconds({ ...base, ...patch }, frame, 30, duration);
    if (expected === undefined) expect(t).toBeUndefined();
    else expect(t).toBeCloseTo(expected, 9);
  });
});

describe('elementRate: the audio element rate for an element rate times the Player rate', () => {
  it.each([
    ['both 1', 1, 1, 1],
    ['an element at 2× in a Player at 4×', 2, 4, 8],
    ['16×, the fastest an element plays', 4, 4, 16],
    ['1/16×, the slowest', 0.25, 0.25, 1 / 16],
    ['20×: none (Chromium throws, the sound stays off)', 1, 20, undefined],
    ['0.05×: none', 1, 0.05, undefined],
  ] as const)('%s', (_name, mediaRate, playerRate, expected) => {
    expect(elementRate(mediaRate, playerRate)).toBe(expected);
  });
});
