import { describe, expect, it } from 'vitest';
import { resolveRenderOptions } from '../options/resolve-options.ts';
import { posterPathFor } from './commit-outputs.ts';
import { formatFromFileName } from './formats.ts';
import { avcCodecString, buildMasterPlaylist, measureBandwidth, parseMediaPlaylist } from './hls-playlist.ts';

describe('format defaults', () => {
  it.each([
    [{}, { format: 'mp4', crf: 18, pixelFormat: 'yuv420p', audioBitrate: '192k' }],
    [{ format: 'mp4-h265' }, { crf: 23, pixelFormat: 'yuv420p' }],
    [{ format: 'webm' }, { crf: 32, audioBitrate: '128k' }],
    [{ format: 'webm', crf: 50 }, { crf: 50 }],
    [{ format: 'mov' }, { crf: undefined, pixelFormat: 'yuva444p10le', proresProfile: '4444' }],
    [{ format: 'mov', proresProfile: 'hq' }, { pixelFormat: 'yuv422p10le' }],
    [{ format: 'wav' }, { audioBitrate: undefined }],
    [{ format: 'hls' }, { crf: 21, preset: 'veryfast', hlsRenditions: [1080, 720, 480], hlsSegmentSeconds: 6, audioBitrate: '128k' }],
    [{ format: 'hls', preset: 'medium' }, { preset: 'medium' }],
    [{}, { preset: 'medium' }],
    [{ videoBitrate: '3M' }, { crf: undefined, videoBitrate: '3M' }],
    [{ format: 'gif', everyNthFrame: 3, gifLoop: 2 }, { everyNthFrame: 3, gifLoop: 2, pixelFormat: 'pal8' }],
  ])('%j', (input, expected) => {
    expect(resolveRenderOptions(input as never)).toMatchObject(expected);
  });
});

describe('formatFromFileName', () => {
  it.each([
    ['out/a.mp4', 'mp4'],
    ['A.WEBM', 'webm'],
    ['clip.mov', 'mov'],
    ['x.gif', 'gif'],
    ['frames.zip', 'png-seq'],
    ['s.mp3', 'mp3'],
    ['s.aac', 'aac'],
    ['s.wav', 'wav'],
    ['out/stream/', 'hls'],
    ['out\\stream\\', 'hls'],
    ['out/stream', undefined],
    ['x.mkv', undefined],
    ['clip.M4V', 'mp4'],
    // A dot in a folder's name is not the file's extension, and a dotfile has none.
    ['out/v1.mp4/video', undefined],
    ['out/.mp4', undefined],
  ])('%s → %s', (file, format) => {
    expect(formatFromFileName(file)).toBe(format);
  });
});

describe('posterPathFor', () => {
  it.each([
    ['/o/a.mp4', '/o/a.poster.jpg'],
    ['/o/promo', '/o/promo.poster.jpg'],
    ['/o/promo/', '/o/promo.poster.jpg'],
    ['/o.d/promo', '/o.d/promo.poster.jpg'],
    ['/o/.hidden', '/o/.hidden.poster.jpg'],
  ])('%s → %s', (output, poster) => {
    expect(posterPathFor(output)).toBe(poster);
  });
});

describe('HLS playlists', () => {
  const media = '#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000000,\nsegment-000.ts\n#EXTINF:4.000000,\nsegment-001.ts\n#EXT-X-ENDLIST\n';

  it('reads segments and durations', () => {
    expect(parseMediaPlaylist(media)).toEqual([{ uri: 'segment-000.ts', duration: 6 }, { uri: 'segment-001.ts', duration: 4 }]);
  });

  it('measures peak and average bandwidth from segment sizes', () => {
    expect(measureBandwidth([{ uri: 'a', duration: 6, bytes: 600_000 }, { uri: 'b', duration: 4, bytes: 600_000 }])).toEqual({ bandwidth: 1_200_000, averageBandwidth: 960_000 });
  });

  it.each([
    ['High', 40, 'avc1.640028'],
    ['Main', 31, 'avc1.4d001f'],
    ['Constrained Baseline', 30, 'avc1.42e01e'],
  ])('%s level %i → %s', (profile, level, codec) => {
    expect(avcCodecString(profile, level)).toBe(codec);
  });

  it('lists variants tallest first', () => {
    const text = buildMasterPlaylist([
      { uri: '480p/index.m3u8', width: 854, height: 480, fps: 30, bandwidth: 1000, averageBandwidth: 900, codecs: 'avc1.64001e,mp4a.40.2' },
      { uri: '1080p/index.m3u8', width: 1920, height: 1080, fps: 30, bandwidth: 5000, averageBandwidth: 4000, codecs: 'avc1.640028,mp4a.40.2' },
    ]);
    expect(text).toBe(
      [
        '#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-STREAM-INF:BANDWIDTH=5000,AVERAGE-BANDWIDTH=4000,RESOLUTION=1920x1080,FRAME-RATE=30.000,CODECS="avc1.640028,mp4a.40.2"', '1080p/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=1000,AVERAGE-BANDWIDTH=900,RESOLUTION=854x480,FRAME-RATE=30.000,CODECS="avc1.64001e,mp4a.40.2"', '480p/index.m3u8',
        '',
      ].join('\n'),
    );
  });
});
