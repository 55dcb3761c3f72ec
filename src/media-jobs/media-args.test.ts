import { describe, expect, it } from 'vitest';
import { outputsFromFlags, parseKeyValues, watermarkFromFlag } from '../cli/media-flags.ts';
import { ProgressParser } from './ffmpeg-progress.ts';
import { spriteLayout, spriteVtt, thumbnailTimes, vttTime } from './image-args.ts';
import { describeProbe, streamRotation } from './inspect-input.ts';
import { outputSize, overlayPosition, transcodeArgs } from './video-args.ts';

describe('outputSize', () => {
  const hd = { width: 1280, height: 720 };
  it.each([
    [{}, 1280, 720],
    [{ width: 640 }, 640, 360],
    [{ height: 480 }, 854, 480],
    [{ width: 640, height: 480 }, 640, 480],
    // Never upscaled unless asked: the asked size shrinks until it fits.
    [{ width: 1920 }, 1280, 720],
    [{ width: 2560, height: 1440 }, 1280, 720],
    [{ width: 1920, upscale: true }, 1920, 1080],
  ])('%j → %ix%i', (ask, w, h) => {
    expect(outputSize(hd, ask)).toEqual({ width: w, height: h });
  });
});

describe('thumbnailTimes', () => {
  it('takes `at` as given, `every` up to the last frame, `count` spread over the middle of equal parts', () => {
    expect(thumbnailTimes({ at: [1, 5, 12] }, 20, 25)).toEqual([1, 5, 12]);
    expect(thumbnailTimes({ every: 10 }, 20, 25)).toEqual([0, 10]);
    expect(thumbnailTimes({ every: 10 }, 20.5, 25)).toEqual([0, 10, 20]);
    expect(thumbnailTimes({ count: 4 }, 20, 25)).toEqual([2.5, 7.5, 12.5, 17.5]);
  });
});

describe('sprite layout and WebVTT', () => {
  it('puts tile k at column k mod columns, row k div columns, with a cue from k·every to the next', () => {
    const layout = spriteLayout({ every: 5, columns: 3, width: 80 }, { width: 320, height: 180 }, 20, 25);
    expect(layout).toMatchObject({ tiles: 4, columns: 3, rows: 2, tileWidth: 80, tileHeight: 46 });
    const vtt = spriteVtt(layout, 20, 'sprite.jpg');
    expect(vtt.startsWith('WEBVTT\n')).toBe(true);
    expect(vtt).toContain('00:00:15.000 --> 00:00:20.000\nsprite.jpg#xywh=0,46,80,46');
    expect(vtt).toContain('00:00:05.000 --> 00:00:10.000\nsprite.jpg#xywh=80,0,80,46');
    expect(vttTime(3723.5)).toBe('01:02:03.500');
  });
});

describe('probe facts', () => {
  it('reads rotation from the display matrix or the tag, clockwise', () => {
    expect(streamRotation({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] })).toBe(90);
    expect(streamRotation({ side_data_list: [{ rotation: 90 }] })).toBe(270);
    expect(streamRotation({ tags: { rotate: '180' } })).toBe(180);
    expect(streamRotation({})).toBe(0);
  });

  it('swaps the displayed size of a turned video and flags uneven frame timing', () => {
    const info = describeProbe(
      {
        streams: [{ codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '24000/1001', r_frame_rate: '30/1', side_data_list: [{ rotation: -90 }] }],
        format: { duration: '12.5', format_name: 'mov,mp4' },
      },
      1000,
    );
    expect(info.video).toMatchObject({ width: 1080, height: 1920, rotation: 90, variableFrameRate: true });
    expect(info.video!.fps).toBeCloseTo(23.976, 3);
    expect(info.durationSeconds).toBe(12.5);
    expect(info.audio).toBeUndefined();
  });
});

describe('FFmpeg -progress parsing', () => {
  it('reports out_time in seconds across chunk boundaries, ignoring N/A', () => {
    const seen: number[] = [];
    const p = new ProgressParser((s) => seen.push(s));
    p.push('frame=10\nout_time_us=N/A\nout_time_us=1500');
    p.push('000\nprogress=continue\nout_time_ms=2000000\n');
    expect(seen).toEqual([1.5, 2]);
  });
});

describe('transcode arguments', () => {
  it('makes constant frame rate output, maps audio only when asked, places the watermark', () => {
    const args = transcodeArgs({
      input: 'in.mp4', output: 'out.mp4', options: { type: 'transcode', format: 'mp4', crf: 20 }, size: { width: 640, height: 360 }, fps: 25, audio: true,
      watermark: { file: 'logo.png', position: 'top-right', margin: 10, width: 0.25, opacity: 0.5 }, colorSpace: 'bt709',
    });
    const line = args.join(' ');
    // The fps filter lands frames on the output's grid; -fps_mode cfr then only stamps them.
    expect(line).toContain('-fps_mode cfr');
    expect(line).toContain('-map 0:a:0');
    expect(line).toContain('-crf 20');
    // The logo is converted with the video's matrix (BT.709 here), onto limited-range 4:2:0.
    expect(line).toContain('[0:v]fps=25,scale=640:360:flags=bicubic,setsar=1,format=yuv420p[base]');
    expect(line).toContain('[1:v]scale=160:-2,format=rgba,colorchannelmixer=aa=0.5,scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd+full_chroma_int+full_chroma_inp,format=yuva420p[wm]');
    expect(line).toContain('overlay=x=main_w-overlay_w-10:y=10');
    expect(overlayPosition('bottom-left', 4)).toEqual({ x: '4', y: 'main_h-overlay_h-4' });
    expect(transcodeArgs({ input: 'a', output: 'b', options: { type: 'transcode', format: 'webm', audio: false }, size: { width: 2, height: 2 }, fps: 30, audio: false })).toContain('-an');
  });
});

describe('media CLI flags', () => {
  it('parses lists that continue a key, and checks outputs with the API schema', () => {
    expect(parseKeyValues('at=1,5,12,format=png')).toEqual({ at: ['1', '5', '12'], format: 'png' });
    const outputs = outputsFromFlags({ transcode: ['mp4:width=640,crf=20', 'webm'], hls: '720:2500k,480', thumbnails: 'every=10', sprite: true, audio: 'mp3', probe: true });
    expect(outputs.map((o) => o.type)).toEqual(['transcode', 'transcode', 'hls', 'thumbnails', 'sprite', 'audio', 'probe']);
    expect(outputs[0]).toMatchObject({ format: 'mp4', width: 640, crf: 20 });
    expect(outputs[2]).toMatchObject({ renditions: [{ height: 720, videoBitrate: '2500k' }, { height: 480 }] });
    expect(outputs[4]).toMatchObject({ every: 10, columns: 10, width: 160 });
    expect(() => outputsFromFlags({ transcode: ['avi'] })).toThrow(/format/);
    expect(() => outputsFromFlags({})).toThrow(/at least one output/);
    expect(watermarkFromFlag('logo.png@top-left,opacity=0.5')).toEqual({ image: 'logo.png', placement: { position: 'top-left', opacity: 0.5, margin: 16, width: 0.15 } });
    expect(() => watermarkFromFlag('logo.png@middle')).toThrow(/position/);
  });
});
