import { describe, expect, it } from 'vitest';
import { hlsLadder, hlsLadderEncodeArgs, hlsPackageArgs, keyframeInterval, parseBitrate, renditionRateArgs, splitAudioGraph } from './hls-args.ts';

describe('hlsLadder', () => {
  it.each([
    ['1080p source, default ladder', 1920, 1080, [1080, 720, 480], [['1080p', 1920, 1080], ['720p', 1280, 720], ['480p', 854, 480]]],
    ['no upscaling: 720p source', 1280, 720, [1080, 720, 480], [['720p', 1280, 720], ['480p', 854, 480]]],
    ['too small for every rung: its own size', 320, 180, [1080, 720], [['180p', 320, 180]]],
    ['duplicates and order', 1920, 1080, [480, 1080, 480], [['1080p', 1920, 1080], ['480p', 854, 480]]],
    ['portrait 9:16', 1080, 1920, [1080, 720], [['1080p', 608, 1080], ['720p', 406, 720]]],
    ['odd size: its own rung is the cropped frame, not an upscale', 161, 97, [1080, 97, 96], [['96p', 160, 96]]],
    ['odd size below every rung', 161, 97, [1080], [['96p', 160, 96]]],
  ])('%s', (_name, w, h, heights, expected) => {
    expect(hlsLadder(w, h, heights).map((r) => [r.name, r.width, r.height])).toEqual(expected);
  });

  it('caps bitrates by size', () => {
    expect(hlsLadder(1920, 1080, [1080, 720, 480]).map((r) => r.maxrateKbps)).toEqual([6221, 2765, 1230]);
  });
});

describe('rate control per rendition', () => {
  const [top, mid, low] = hlsLadder(1920, 1080, [1080, 720, 480]);
  it.each([
    ['crf with the cap of its size', mid!, 21, undefined, ['-crf', '21', '-maxrate', '2765k', '-bufsize', '5530k']],
    ['a target bitrate for the top rendition', top!, undefined, '6M', ['-b:v', '6000k', '-maxrate', '9000k', '-bufsize', '18000k']],
    ['scaled by pixels for smaller ones', low!, undefined, '6M', ['-b:v', '1186k', '-maxrate', '1779k', '-bufsize', '3558k']],
  ])('%s', (_name, r, crf, bitrate, expected) => {
    expect(renditionRateArgs(r, top!, crf, bitrate)).toEqual(expected);
  });

  it.each([
    ['4M', 4_000_000],
    ['2500k', 2_500_000],
    ['1.5m', 1_500_000],
    ['800000', 800_000],
  ])('parses %s', (text, bps) => {
    expect(parseBitrate(text)).toBe(bps);
  });
});

describe('keyframeInterval', () => {
  it.each([
    [30, 6, 60],
    [25, 6, 50],
    [30, 4, 60],
    [30, 5, 50],
    [30, 1, 30],
    [60, 10, 120],
  ])('%i fps, %i s segments → every %i frames', (fps, seconds, gop) => {
    expect(keyframeInterval(fps, seconds)).toBe(gop);
  });
});

describe('hlsLadderEncodeArgs', () => {
  it('converts once, splits, scales and encodes each rendition with fixed GOPs', () => {
    const renditions = hlsLadder(1920, 1080, [1080, 720]);
    const args = hlsLadderEncodeArgs({ fps: 30, width: 1920, height: 1080, imageFormat: 'jpeg', renditions, crf: 21, bitrate: undefined, preset: 'veryfast', segmentSeconds: 6, colorRange: 'limited', outputs: ['/a.mp4', '/b.mp4'] });
    const graph = args[args.indexOf('-filter_complex') + 1];
    expect(graph).toBe('[0:v]scale=in_range=pc:out_range=pc:flags=bicubic+accurate_rnd,format=yuv420p,colorspace=ispace=bt470bg:iprimaries=bt709:itrc=bt709:irange=pc:space=bt709:primaries=bt709:trc=bt709:range=tv:fast=1,split=2[s0][s1];[s0]scale=1920:1080:in_range=tv:out_range=tv:flags=bicubic+accurate_rnd[v0];[s1]scale=1280:720:in_range=tv:out_range=tv:flags=bicubic+accurate_rnd[v1]');
    expect(args.filter((a) => a === 'libx264')).toHaveLength(2);
    expect(args.join(' ')).toContain('-map [v1] -c:v libx264 -preset veryfast -crf 21 -maxrate 2765k -bufsize 5530k -g 60 -keyint_min 60 -sc_threshold 0');
    expect(args.slice(-1)).toEqual(['/b.mp4']);
    expect(args.join(' ')).toContain('-pix_fmt yuv420p -color_range tv -colorspace bt709 -color_primaries bt709 -color_trc bt709');
  });

  it('crops odd captures and skips the split for one rendition', () => {
    const args = hlsLadderEncodeArgs({ fps: 30, width: 321, height: 181, imageFormat: 'jpeg', renditions: hlsLadder(321, 181, [180]), crf: 21, bitrate: undefined, preset: 'fast', segmentSeconds: 6, colorRange: 'full', outputs: ['/a.mp4'] });
    expect(args[args.indexOf('-filter_complex') + 1]).toBe('[0:v]crop=320:180:0:0,scale=in_range=pc:out_range=pc:flags=bicubic+accurate_rnd,format=yuv420p,colorspace=ispace=bt470bg:iprimaries=bt709:itrc=bt709:irange=pc:space=bt709:primaries=bt709:trc=bt709:range=pc:fast=1[s0];[s0]scale=320:180:in_range=pc:out_range=pc:flags=bicubic+accurate_rnd[v0]');
  });
});

describe('hlsPackageArgs', () => {
  it('copies each rendition beside the shared mix into its own playlist', () => {
    const args = hlsPackageArgs({ videos: ['/a.mp4', '/b.mp4'], folders: ['/o/720p', '/o/480p'], audioInputs: ['/t.wav'], graphScript: '/g.txt', audio: { codec: 'aac', bitrate: '128k' }, segmentSeconds: 6 });
    expect(args.join(' ')).toBe(
      [
        '-hide_banner -loglevel error -y -xerror -i /a.mp4 -i /b.mp4 -i /t.wav -filter_complex_script /g.txt',
        '-map 0:v:0 -c:v copy -map [a0] -c:a aac -b:a 128k -f hls -hls_time 6 -hls_playlist_type vod -hls_list_size 0 -hls_segment_type mpegts -hls_flags independent_segments -hls_segment_filename /o/720p/segment-%03d.ts /o/720p/index.m3u8',
        '-map 1:v:0 -c:v copy -map [a1] -c:a aac -b:a 128k -f hls -hls_time 6 -hls_playlist_type vod -hls_list_size 0 -hls_segment_type mpegts -hls_flags independent_segments -hls_segment_filename /o/480p/segment-%03d.ts /o/480p/index.m3u8',
      ].join(' '),
    );
    expect(splitAudioGraph(2)).toBe(';\n[aout]asplit=2[a0][a1]');
  });

  it('has no audio maps without a mix', () => {
    const args = hlsPackageArgs({ videos: ['/a.mp4'], folders: ['/o/90p'], audioInputs: [], graphScript: undefined, audio: { codec: 'aac', bitrate: '128k' }, segmentSeconds: 4 });
    expect(args).not.toContain('-filter_complex_script');
    expect(args.some((a) => a.startsWith('[a'))).toBe(false);
    expect(splitAudioGraph(1)).toBe('');
  });
});
