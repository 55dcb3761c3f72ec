import { createContext, useContext, useMemo } from 'react';
import type { VideoMetadata } from './define-template.ts';

/** Where a subtree sits in time. Sequences nest by adding their `from` to `offset`. */
export interface TimelineState {
  /** The frame being rendered, counted from the start of the video. */
  absoluteFrame: number;
  /** Absolute frame at which the enclosing sequence starts. */
  offset: number;
  /** Absolute frame (exclusive) at which the enclosing sequence ends. */
  end: number;
  /**
   * Media here make no sound: inside a sequence mounted early or late (premountFor/postmountFor,
   * also invisible) or inside an active `<Freeze>` (the picture holds, the sound is muted).
   */
  silent?: boolean;
  /** Width the nearest `<Sequence width>` gives its children's useVideoConfig() (Remotion's prop). */
  width?: number;
  /** Height the nearest `<Sequence height>` gives its children's useVideoConfig(). */
  height?: number;
}

export const TimelineContext = createContext<TimelineState | null>(null);

export interface VideoConfig extends VideoMetadata {
  id: string;
  props: Record<string, unknown>;
  defaultProps: Record<string, unknown>;
}

export const VideoConfigContext = createContext<VideoConfig | null>(null);

function outside(hook: string): Error {
  return new Error(`${hook} was called outside a Framewright template (no timeline). Render it inside a template component.`);
}

/** The current frame, relative to the enclosing `<Sequence>` (0 at its start). */
export function useCurrentFrame(): number {
  const t = useContext(TimelineContext);
  if (!t) throw outside('useCurrentFrame()');
  return t.absoluteFrame - t.offset;
}

export function useTimeline(): TimelineState {
  const t = useContext(TimelineContext);
  if (!t) throw outside('useTimeline()');
  return t;
}

/**
 * Width, height, fps, duration, id and props of the video being rendered. Inside a `<Sequence>`
 * (a Series scene, a Loop pass, a TransitionSeries scene) `durationInFrames` is that sequence's
 * length, cut at its parent's end, as in Remotion: a scene that fades out over its last frames
 * with `interpolate(frame, [durationInFrames - 20, durationInFrames], [1, 0])` fades at the end
 * of the scene, not of the video. A sequence given `width`/`height` gives those to its children.
 */
export function useVideoConfig(): VideoConfig {
  const c = useContext(VideoConfigContext);
  const t = useContext(TimelineContext);
  // The root timeline spans the whole video, so outside any sequence this is the video's length.
  const durationInFrames = t ? Math.max(0, t.end - t.offset) : c?.durationInFrames;
  // A <Sequence width height> sizes what its children read, as Remotion documents for useVideoConfig().
  const width = t?.width ?? c?.width;
  const height = t?.height ?? c?.height;
  const config = useMemo(
    () =>
      c && (durationInFrames !== c.durationInFrames || width !== c.width || height !== c.height)
        ? { ...c, durationInFrames: durationInFrames ?? c.durationInFrames, width: width ?? c.width, height: height ?? c.height }
        : c,
    [c, durationInFrames, width, height],
  );
  if (!config) throw outside('useVideoConfig()');
  return config;
}
