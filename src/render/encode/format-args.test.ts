import { describe, expect, it } from 'vitest';
import {
  audioCodecArgs, audioFileArgs, containerArgs, gifEncodeArgs, gifLoopValue, muxArgs, pixelFilter, videoCodecArgs, videoFileArgs, type VideoCodecSettings,
} from './format-args.ts';

const codec = (over: Partial<VideoCodecSettings>): VideoCodecSettings => ({
  codec: 'h264', crf: 18, bitrate: undefined, preset: 'medium', pixelFormat: 'yuv420p', proresProfile: '4444', colorRange: 'limited', ...over,
});
const TAGS = ['-color_range', 'tv', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709'];
const FULL_TAGS = ['-color_range', 'pc', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709'];
const PRORES_BSF = 'prores_metadata=color_primaries=bt709:color_trc=bt709:colorspace=bt709';

describe('videoCodecArgs', () => {
  it.each([
    ['h264 crf', codec({}), ['-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p', ...TAGS]],
    ['h264 full range', codec({ colorRange: 'full' }), ['-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p', ...FULL_TAGS]],
    ['h264 bitrate', codec({ bitrate: '4M', crf: undefined }), ['-c:v', 'libx264', '-preset', 'medium', '-b:v', '4M', '-pix_fmt', 'yuv420p', ...TAGS]],
    [
      'h265',
      codec({ codec: 'h265', crf: 23, preset: 'fast' }),
      ['-c:v', 'libx265', '-preset', 'fast', '-crf', '23', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error', ...TAGS],
    ],
    [
      'vp9 constant quality',
      codec({ codec: 'vp9', crf: 32, preset: 'veryfast' }),
      ['-c:v', 'libvpx-vp9', '-crf', '32', '-b:v', '0', '-deadline', 'good', '-cpu-used', '6', '-row-mt', '1', '-pix_fmt', 'yuv420p', ...TAGS],
    ],
    [
      'vp9 bitrate',
      codec({ codec: 'vp9', crf: undefined, bitrate: '2M' }),
      ['-c:v', 'libvpx-vp9', '-b:v', '2M', '-deadline', 'good', '-cpu-used', '3', '-row-mt', '1', '-pix_fmt', 'yuv420p', ...TAGS],
    ],
    [
      'prores 4444',
      // ProRes is limited range whatever the option says.
      codec({ codec: 'prores', pixelFormat: 'yuva444p10le', colorRange: 'full' }),
      ['-c:v', 'prores_ks', '-profile:v', '4', '-vendor', 'apl0', '-pix_fmt', 'yuva444p10le', ...TAGS, '-bsf:v', PRORES_BSF],
    ],
    [
      'prores hq',
      codec({ codec: 'prores', pixelFormat: 'yuv422p10le', proresProfile: 'hq' }),
      ['-c:v', 'prores_ks', '-profile:v', '3', '-vendor', 'apl0', '-pix_fmt', 'yuv422p10le', ...TAGS, '-bsf:v', PRORES_BSF],
    ],
  ])('%s', (_name, settings, expected) => {
    expect(videoCodecArgs(settings)).toEqual(expected);
  });
});

// RGB (PNG) captures: swscale with exact rounding and full chroma (its fast default turns white
// into Y 234 / UV 127). JPEG captures are YUV already: the colorspace filter re-matrixes them.
const EXACT = (range: string) => `scale=in_range=pc:in_color_matrix=bt601:out_color_matrix=bt709:out_range=${range}:flags=accurate_rnd+full_chroma_int+full_chroma_inp`;
const FROM_JPEG = (fmt: string, range: string) =>
  `scale=in_range=pc:out_range=pc:flags=bicubic+accurate_rnd,format=${fmt},colorspace=ispace=bt470bg:iprimaries=bt709:itrc=bt709:irange=pc:space=bt709:primaries=bt709:trc=bt709:range=${range}:fast=1`;

describe('pixelFilter', () => {
  it.each([
    [320, 180, 'yuv420p', 'full', 'jpeg', FROM_JPEG('yuv420p', 'pc')],
    [321, 181, 'yuv420p', 'limited', 'jpeg', `crop=320:180:0:0,${FROM_JPEG('yuv420p', 'tv')}`],
    [321, 181, 'yuv444p', 'full', 'jpeg', FROM_JPEG('yuv444p', 'pc')],
    [320, 180, 'yuv420p', 'full', 'png', `${EXACT('pc')},format=yuv420p`],
    [321, 180, 'yuv422p10le', 'limited', 'png', `crop=320:180:0:0,${EXACT('tv')},format=yuv422p10le`],
    [321, 181, 'yuva420p', 'full', 'png', `crop=320:180:0:0,${EXACT('pc')},format=yuva420p`],
    [321, 181, 'yuva444p10le', 'limited', 'png', `${EXACT('tv')},format=yuva444p10le`],
  ] as const)('%i×%i %s %s from %s', (w, h, fmt, range, input, expected) => {
    expect(pixelFilter(w, h, fmt, range, input)).toBe(expected);
  });
});

describe('containers and audio codecs', () => {
  it.each([
    ['mp4', ['-movflags', '+faststart', '-f', 'mp4']],
    ['mov', ['-movflags', '+faststart', '-f', 'mov']],
    ['webm', ['-f', 'webm']],
    ['aac', ['-f', 'adts']],
    ['wav', ['-f', 'wav']],
  ] as const)('%s', (format, expected) => {
    expect(containerArgs(format)).toEqual(expected);
  });

  it.each([
    [{ codec: 'aac', bitrate: '192k' }, ['-c:a', 'aac', '-b:a', '192k']],
    [{ codec: 'opus', bitrate: '128k' }, ['-c:a', 'libopus', '-b:a', '128k']],
    [{ codec: 'mp3', bitrate: undefined }, ['-c:a', 'libmp3lame']],
    [{ codec: 'pcm', bitrate: '192k' }, ['-c:a', 'pcm_s16le']],
  ] as const)('%j', (settings, expected) => {
    expect(audioCodecArgs(settings)).toEqual(expected);
  });
});

describe('whole commands', () => {
  it('encodes frames to a video-only file', () => {
    expect(videoFileArgs({ format: 'webm', fps: 30, width: 160, height: 90, imageFormat: 'jpeg', codec: codec({ codec: 'vp9', crf: 32 }), output: '/o.webm' })).toEqual([
      '-hide_banner', '-loglevel', 'error', '-y', '-xerror', '-f', 'image2pipe', '-probesize', '32', '-analyzeduration', '0', '-c:v', 'mjpeg', '-framerate', '30', '-i', 'pipe:0',
      '-vf', FROM_JPEG('yuv420p', 'tv'),
      ...videoCodecArgs(codec({ codec: 'vp9', crf: 32 })), '-an', '-f', 'webm', '/o.webm',
    ]);
  });

  it('muxes the mix beside the copied video', () => {
    expect(muxArgs({ format: 'mp4-h265', video: '/v.mp4', audioInputs: ['/a.wav', '/b.mp3'], graphScript: '/g.txt', audio: { codec: 'aac', bitrate: '192k' }, output: '/o.mp4' })).toEqual([
      '-hide_banner', '-loglevel', 'error', '-y', '-xerror', '-i', '/v.mp4', '-i', '/a.wav', '-i', '/b.mp3', '-filter_complex_script', '/g.txt',
      '-map', '0:v:0', '-map', '[aout]', '-c:v', 'copy', '-tag:v', 'hvc1', '-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart', '-f', 'mp4', '/o.mp4',
    ]);
  });

  it('writes audio only with no video stream', () => {
    expect(audioFileArgs({ format: 'mp3', audioInputs: [], graphScript: '/g.txt', audio: { codec: 'mp3', bitrate: '192k' }, output: '/o.mp3' })).toEqual([
      '-hide_banner', '-loglevel', 'error', '-y', '-xerror', '-filter_complex_script', '/g.txt', '-map', '[aout]', '-vn', '-c:a', 'libmp3lame', '-b:a', '192k', '-f', 'mp3', '/o.mp3',
    ]);
  });

  it.each([
    [true, 0],
    [false, -1],
    // No extra plays is playing once: the muxer's 0 would loop forever.
    [0, -1],
    [3, 3],
  ])('GIF loop %s → -loop %i', (loop, value) => {
    expect(gifLoopValue(loop)).toBe(value);
    expect(gifEncodeArgs('/f.nut', '/p.png', loop, '/o.gif')).toContain(String(value));
  });
});
