/** One step per output type: each writes its artifact into the job's work folder. */
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { audioCodecArgs } from '../render/encode/format-args.ts';
import { FORMATS } from '../render/formats/formats.ts';
import { probeMedia } from '../render/media/probe-media.ts';
import { runFfmpegWithProgress } from './ffmpeg-progress.ts';
import { hlsArgs, mediaLadder, prepareHlsFolders, writeMaster } from './hls.ts';
import { spriteArgs, spriteLayout, spriteVtt, thumbnailAfterArgs, thumbnailArgs, thumbnailName, thumbnailTimes } from './image-args.ts';
import type { InputInfo, InputVideo } from './inspect-input.ts';
import type { AudioOutput, HlsOutput, MediaOutput, SpriteOutput, ThumbnailsOutput, TranscodeOutput } from './spec.ts';
import { outputSize, QUIET, transcodeArgs, type WatermarkInput } from './video-args.ts';

/** What one output produced, staged in the work folder. */
export interface StepResult {
  /** A file, or a folder (HLS, thumbnails, sprite) that the service zips for download. */
  path: string;
  isDirectory: boolean;
  /** Content type of the file; `application/zip` for a folder (its download form). */
  contentType: string;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
}

export interface StepContext {
  input: string;
  info: InputInfo;
  watermark: WatermarkInput | undefined;
  /** Where this output's artifact goes (a file path with extension, or a folder). */
  target: string;
  signal: AbortSignal | undefined;
  /** 0..1 of this step. */
  onFraction: (fraction: number) => void;
}

const fractionOf = (c: StepContext, total: number) => (seconds: number) => c.onFraction(total > 0 ? seconds / total : 0);

export async function transcodeStep(o: TranscodeOutput, c: StepContext): Promise<StepResult> {
  const video = c.info.video!;
  const size = outputSize(video, o);
  const fps = o.fps ?? video.fps;
  await runFfmpegWithProgress(
    transcodeArgs({ input: c.input, output: c.target, options: o, size, fps, audio: o.audio !== false && c.info.audio !== undefined, watermark: c.watermark, colorSpace: video.colorSpace }),
    { what: `transcoding to ${o.format} ${size.width}x${size.height}`, signal: c.signal, onTime: fractionOf(c, c.info.durationSeconds) },
  );
  const facts = await probeMedia(c.target, 'the transcode', c.signal);
  return { path: c.target, isDirectory: false, contentType: FORMATS[o.format].contentType, durationSeconds: facts.duration ?? null, width: facts.video?.width ?? null, height: facts.video?.height ?? null };
}

export async function hlsStep(o: HlsOutput, c: StepContext): Promise<StepResult> {
  const video = c.info.video!;
  const inputSize = outputSize(video, {});
  const spec = {
    input: c.input, folder: c.target, inputSize, fps: video.fps, ladder: mediaLadder(inputSize, o), audio: c.info.audio !== undefined,
    segmentSeconds: o.segmentSeconds ?? 6, preset: o.preset ?? 'veryfast', watermark: c.watermark, colorSpace: video.colorSpace,
  };
  await prepareHlsFolders(spec);
  await runFfmpegWithProgress(hlsArgs(spec), { what: 'encoding the HLS ladder', signal: c.signal, onTime: fractionOf(c, c.info.durationSeconds) });
  await writeMaster(spec);
  const top = spec.ladder[0]!;
  return { path: c.target, isDirectory: true, contentType: 'application/zip', durationSeconds: c.info.durationSeconds, width: top.width, height: top.height };
}

function stillSize(video: InputVideo, width: number | undefined) {
  return outputSize(video, { width });
}

export async function thumbnailsStep(o: ThumbnailsOutput, c: StepContext): Promise<StepResult> {
  const video = c.info.video!;
  const times = thumbnailTimes(o, c.info.durationSeconds, video.fps);
  const size = stillSize(video, o.width);
  await mkdir(c.target, { recursive: true });
  const index: Array<{ time: number; file: string }> = [];
  for (const [i, time] of times.entries()) {
    // Never past the last frame: a seek beyond it would write no image.
    const t = Math.min(time, Math.max(0, c.info.durationSeconds - 1 / video.fps));
    const file = thumbnailName(i, time, o.format);
    const out = path.join(c.target, file);
    const what = `making the thumbnail at ${time} s`;
    await runFfmpegWithProgress(thumbnailArgs(c.input, t, video.fps, size, o.format, out), { what, signal: c.signal });
    if (!(await exists(out))) await runFfmpegWithProgress(thumbnailAfterArgs(c.input, t, size, o.format, out), { what, signal: c.signal });
    index.push({ time, file });
    c.onFraction((i + 1) / times.length);
  }
  await writeFile(path.join(c.target, 'thumbnails.json'), `${JSON.stringify({ width: size.width, height: size.height, format: o.format, thumbnails: index }, null, 2)}\n`);
  return { path: c.target, isDirectory: true, contentType: 'application/zip', durationSeconds: null, width: size.width, height: size.height };
}

export const SPRITE_IMAGE = 'sprite.jpg';
export const SPRITE_VTT = 'sprite.vtt';

export async function spriteStep(o: SpriteOutput, c: StepContext): Promise<StepResult> {
  const video = c.info.video!;
  const layout = spriteLayout(o, video, c.info.durationSeconds, video.fps);
  await mkdir(c.target, { recursive: true });
  await runFfmpegWithProgress(spriteArgs(c.input, layout, path.join(c.target, SPRITE_IMAGE)), { what: 'making the sprite sheet', signal: c.signal, onTime: fractionOf(c, c.info.durationSeconds) });
  await writeFile(path.join(c.target, SPRITE_VTT), spriteVtt(layout, c.info.durationSeconds, SPRITE_IMAGE));
  return { path: c.target, isDirectory: true, contentType: 'application/zip', durationSeconds: null, width: layout.columns * layout.tileWidth, height: layout.rows * layout.tileHeight };
}

export async function audioStep(o: AudioOutput, c: StepContext): Promise<StepResult> {
  const profile = FORMATS[o.format];
  const muxer = o.format === 'aac' ? 'adts' : o.format;
  await runFfmpegWithProgress(
    [...QUIET, '-i', c.input, '-map', '0:a:0', '-vn', ...audioCodecArgs({ codec: profile.audioCodec!, bitrate: o.audioBitrate ?? profile.defaultAudioBitrate }), '-map_metadata', '-1', '-f', muxer, c.target],
    { what: `extracting the audio as ${o.format}`, signal: c.signal, onTime: fractionOf(c, c.info.durationSeconds) },
  );
  const facts = await probeMedia(c.target, 'the audio', c.signal);
  return { path: c.target, isDirectory: false, contentType: profile.contentType, durationSeconds: facts.duration ?? null, width: null, height: null };
}

export async function probeStep(c: StepContext): Promise<StepResult> {
  await writeFile(c.target, `${JSON.stringify(c.info, null, 2)}\n`);
  return { path: c.target, isDirectory: false, contentType: 'application/json', durationSeconds: c.info.durationSeconds, width: c.info.video?.width ?? null, height: c.info.video?.height ?? null };
}

/** The artifact's name: `video.mp4`, `video-h265.mp4`, `hls`, `thumbnails`, `sprite`, `audio.mp3`, `probe.json`. */
export function artifactName(o: MediaOutput): string {
  switch (o.type) {
    case 'transcode':
      return `video${o.format === 'mp4-h265' ? '-h265' : ''}${FORMATS[o.format].extension}`;
    case 'audio':
      return `audio${FORMATS[o.format].extension}`;
    case 'probe':
      return 'probe.json';
    default:
      return o.type;
  }
}

/** Names for every output, made unique with the output's number where two would clash. */
export function artifactNames(outputs: readonly MediaOutput[]): string[] {
  const names = outputs.map(artifactName);
  return names.map((name, i) => {
    if (names.indexOf(name) === names.lastIndexOf(name)) return name;
    const dot = name.lastIndexOf('.');
    return dot > 0 ? `${name.slice(0, dot)}-${i + 1}${name.slice(dot)}` : `${name}-${i + 1}`;
  });
}

/** How much work an output is, relative to the others (seconds of input × cost), for progress. */
export function stepWeight(o: MediaOutput, info: InputInfo): number {
  const d = Math.max(info.durationSeconds, 0.1);
  switch (o.type) {
    case 'transcode':
      return d * (o.format === 'mp4-h265' || o.format === 'webm' ? 3 : 1);
    case 'hls':
      return d * 1.5;
    case 'thumbnails':
      return thumbnailTimes(o, info.durationSeconds, info.video?.fps ?? 30).length * 0.1;
    case 'sprite':
      return d * 0.2;
    case 'audio':
      return d * 0.05;
    case 'probe':
      return 0.01;
  }
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
