import type { MediaClip } from '../media/timeline.ts';
import type { VolumePoint } from './volume-curve.ts';

export const MIX_SAMPLE_RATE = 48_000;

/** What the mix needs to know about one source file. */
export interface AudioSourceInfo {
  file: string;
  /** Seconds; undefined when the container does not say. */
  duration: number | undefined;
  hasAudio: boolean;
  /**
   * Length of the picture (frames ÷ fps) when the file has a video stream, seconds. A looping
   * `<Video>` repeats its picture at this length, so its sound repeats there too, even when the
   * file's audio track is longer or shorter.
   */
  videoDuration?: number | undefined;
  /**
   * Seconds from the picture's first frame to the sound's first sample (a file with a video
   * stream); source positions are times of the picture, so the sound is shifted by this first.
   * @defaultValue 0
   */
  audioOffset?: number;
  /** One channel: played at full level in both ears, as a browser plays it. */
  mono?: boolean;
}

/** One clip's sound placed on the output timeline, all times in seconds. */
export interface AudioSegment {
  file: string;
  /** Where the sound starts on the output timeline. */
  outputStart: number;
  /** How long it sounds on the output timeline. */
  duration: number;
  /** Source position of the first sample heard. */
  sourceStart: number;
  /** Non-looping: source position where the sound stops (trimEnd), if any. */
  sourceEnd: number | undefined;
  /**
   * Looping: the source span repeated. `exact`: the span is exactly `end − start` long, padded with
   * silence where the sound ends sooner (a `<Video>`'s, whose picture sets the length); otherwise it
   * is as long as the sound really is up to `end` (a container's duration can include padding).
   */
  loop: { start: number; end: number; exact: boolean } | undefined;
  playbackRate: number;
  /** Volume envelope, times relative to `outputStart`. */
  volume: VolumePoint[];
  /** Where the file's sound starts relative to its picture, seconds (see AudioSourceInfo). */
  audioOffset: number;
  /** The source has one channel (see AudioSourceInfo). */
  mono?: boolean;
}

export interface AudioMixPlan {
  segments: AudioSegment[];
  /** Length of the output audio, seconds (equals the video's length). */
  duration: number;
  sampleRate: number;
}

export interface MixRange {
  fps: number;
  /** First absolute frame of the output. */
  firstFrame: number;
  frameCount: number;
}

/**
 * Places every audible clip on the output timeline. A clip's source position at frame f is
 * `trimStart + (f − offset) × playbackRate` (template frames), wrapped into the trimmed span when
 * it loops. Clips outside the rendered range are cut to it.
 */
export function planAudioMix(clips: readonly MediaClip[], range: MixRange, sources: ReadonlyMap<string, AudioSourceInfo>): AudioMixPlan {
  const { fps, firstFrame, frameCount } = range;
  const lastFrame = firstFrame + frameCount;
  const segments: AudioSegment[] = [];
  for (const clip of clips) {
    const source = sources.get(clip.src);
    if (clip.muted || !source?.hasAudio) continue;
    const from = Math.max(clip.from, firstFrame);
    const to = Math.min(clip.to, lastFrame);
    if (from >= to) continue;
    const rate = clip.playbackRate;
    const trimStart = clip.trimStart / fps;
    const trimEnd = clip.trimEnd === null ? undefined : clip.trimEnd / fps;
    let sourceStart = (clip.trimStart + (from - clip.offset) * rate) / fps;
    let outputStart = (from - firstFrame) / fps;
    let duration = (to - from) / fps;
    // Before the source's start (a clip placed earlier than its sequence): wait in silence.
    if (sourceStart < trimStart) {
      const wait = (trimStart - sourceStart) / rate;
      outputStart += wait;
      duration -= wait;
      sourceStart = trimStart;
    }
    const volume = clip.volumes.slice(from - clip.from, to - clip.from).map((v, i) => ({ t: i / fps - (outputStart - (from - firstFrame) / fps), v }));
    let loop: AudioSegment['loop'];
    let sourceEnd: number | undefined;
    if (clip.loop) {
      // A <Video> loops where its picture does (frameAt in video-decoder.ts): at trimEnd or the
      // end of its frames, whichever comes first.
      const picture = clip.kind === 'video' ? source.videoDuration : undefined;
      const end = picture !== undefined ? Math.min(trimEnd ?? Infinity, picture) : (trimEnd ?? source.duration);
      if (end === undefined || end <= trimStart) continue;
      loop = { start: trimStart, end, exact: picture !== undefined };
      sourceStart = trimStart + ((sourceStart - trimStart) % (end - trimStart));
    } else {
      sourceEnd = trimEnd !== undefined && source.duration !== undefined ? Math.min(trimEnd, source.duration) : (trimEnd ?? source.duration);
      if (sourceEnd !== undefined) {
        if (sourceStart >= sourceEnd) continue;
        duration = Math.min(duration, (sourceEnd - sourceStart) / rate);
      }
    }
    if (duration <= 0) continue;
    segments.push({ file: source.file, outputStart, duration, sourceStart, sourceEnd, loop, playbackRate: rate, volume: volume.filter((p) => p.t >= 0), audioOffset: source.audioOffset ?? 0, ...(source.mono ? { mono: true } : {}) });
  }
  return { segments, duration: frameCount / fps, sampleRate: MIX_SAMPLE_RATE };
}
