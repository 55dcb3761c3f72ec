import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../../bundle/project.ts';
import { canceledError, throwIfAborted, toFramewrightError } from '../../errors/index.ts';
import type { MediaElementReport } from '../../runtime/media/media-types.ts';
import { WRITER_HEAD } from '../encode/ffmpeg-args.ts';
import { audioCodecArgs, audioInputArgs } from '../encode/format-args.ts';
import { runFfmpeg } from '../encode/run-ffmpeg.ts';
import type { OutputFormat } from '../formats/formats.ts';
import { audioCodecSettings } from '../formats/video-writer.ts';
import { MediaSession } from '../media/media-session.ts';
import type { RemoteAssetOptions } from '../media/remote-assets.ts';
import { mergeMediaReports, type MediaClip } from '../media/timeline.ts';
import { resolveRenderOptions } from '../options/resolve-options.ts';
import { writeMixGraph } from './mix-graph-file.ts';
import { prepareAudioMix } from './prepare-mix.ts';

export interface RenderAudioTrackOptions {
  project: Project;
  /** `mediaClips` of every chunk (or of one render), in any order. */
  clips: readonly MediaClip[];
  fps: number;
  /** The output's first frame and length, as rendered. */
  firstFrame: number;
  frameCount: number;
  /** The format of the video the track goes into: picks the codec (AAC, Opus, MP3, PCM). @defaultValue 'mp4' */
  format?: OutputFormat;
  audioBitrate?: string;
  /** Silence of the full length when nothing plays (otherwise no file is written). */
  enforceAudioTrack?: boolean;
  /** The audio file to write: `.m4a` for AAC, `.webm` for Opus, `.mp3`, `.wav`. */
  output: string;
  remoteAssets?: Partial<RemoteAssetOptions>;
  signal?: AbortSignal;
}

const CONTAINER = { aac: 'mp4', opus: 'webm', mp3: 'mp3', pcm: 'wav' } as const;

/**
 * The sound of a render assembled from chunks, mixed once: the chunks' clips are joined back
 * into whole clips (an element that played across a boundary is one clip again) and mixed
 * into one audio file, ready for `concatSegments({ audioFile })`. Returns whether a file was
 * written (nothing plays and no track is enforced: none).
 */
export async function renderAudioTrack(o: RenderAudioTrackOptions): Promise<{ written: boolean }> {
  throwIfAborted(o.signal);
  const options = resolveRenderOptions({ format: o.format ?? 'mp4', ...(o.audioBitrate ? { audioBitrate: o.audioBitrate } : {}) });
  const work = path.join(path.dirname(o.output), `.${path.basename(o.output)}.${randomBytes(4).toString('hex')}.work`);
  const bundle = await o.project.bundle(o.signal ? { signal: o.signal } : {});
  let session: MediaSession | undefined;
  try {
    await mkdir(work, { recursive: true });
    session = await MediaSession.open(undefined, { publicDir: o.project.config.publicDir, siteDir: bundle.siteDir }, { ...o.project.config.remoteAssets, ...o.remoteAssets }, o.signal ?? new AbortController().signal);
    const plan = await prepareAudioMix({
      clips: rejoinClips(o.clips), session, range: { fps: o.fps, firstFrame: o.firstFrame, frameCount: o.frameCount }, muted: false, requireTrack: o.enforceAudioTrack ?? false,
    });
    if (!plan) return { written: false };
    const graph = await writeMixGraph(plan, work, 0);
    const audio = audioCodecSettings(options);
    const staged = path.join(work, `track${path.extname(o.output)}`);
    await runFfmpeg(
      [...WRITER_HEAD, ...audioInputArgs(graph.inputs), '-filter_complex_script', graph.file, '-map', '[aout]', ...audioCodecArgs(audio), '-f', CONTAINER[audio.codec], staged],
      'mixing the audio track',
      o.signal,
    );
    await rename(staged, o.output);
    return { written: true };
  } catch (error) {
    if (o.signal?.aborted) throw canceledError(o.signal.reason);
    throw toFramewrightError(error);
  } finally {
    await session?.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Clips of neighbouring chunks back into whole clips (the same element, the same settings). */
export function rejoinClips(clips: readonly MediaClip[]): MediaClip[] {
  const reports: MediaElementReport[] = clips.map(({ from, to, volumes, ...playback }) => ({
    ...playback,
    frames: Array.from({ length: to - from }, (_, i) => from + i),
    volumes,
  }));
  return mergeMediaReports([reports]);
}
