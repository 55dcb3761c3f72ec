import { createContext, useContext } from 'react';
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

/** Width, height, fps, duration, id and props of the video being rendered. */
export function useVideoConfig(): VideoConfig {
  const c = useContext(VideoConfigContext);
  if (!c) throw outside('useVideoConfig()');
  return c;
}
