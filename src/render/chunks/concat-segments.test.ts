import { describe, expect, it } from 'vitest';
import { concatArgs, concatListLine } from './concat-segments.ts';

describe('concat arguments', () => {
  it('escapes quotes in segment paths', () => {
    expect(concatListLine("/tmp/it's/seg-0.mp4")).toBe("file '/tmp/it'\\''s/seg-0.mp4'");
  });

  it('copies streams and maps an optional audio track', () => {
    const video = concatArgs('/l.txt', '/o.mp4', { muxer: 'mp4' });
    expect(video).toEqual(expect.arrayContaining(['-f', 'concat', '-safe', '0', '-c', 'copy', '+faststart']));
    expect(video).not.toContain('1:a:0');
    const withAudio = concatArgs('/l.txt', '/o.webm', { muxer: 'webm', audioFile: '/a.opus' });
    expect(withAudio).toEqual(expect.arrayContaining(['-i', '/a.opus', '-map', '0:v:0', '-map', '1:a:0']));
    expect(withAudio).not.toContain('+faststart');
    expect(withAudio.at(-1)).toBe('/o.webm');
  });
});
