/**
 * How `<Audio>` and `<Video>` elements play, as the page reports them to the renderer. Values
 * cross the page boundary as JSON. Times are in frames of the template (its fps).
 */
export type MediaKind = 'audio' | 'video';

export interface MediaPlayback {
  kind: MediaKind;
  /** Absolute URL of the source (a `public/` file, a bundled file or a remote URL). */
  src: string;
  /** Absolute frame at which the element's own frame 0 falls (its enclosing Sequence's start). */
  offset: number;
  /** Source frames skipped at the start. */
  trimStart: number;
  /** Source position (frames from the source's start) at which playback stops; null: the end. */
  trimEnd: number | null;
  playbackRate: number;
  loop: boolean;
  muted: boolean;
}

/** One element over the frames a page rendered: where it was mounted and its volume there. */
export interface MediaElementReport extends MediaPlayback {
  /** Identity of the element in the React tree, equal across pages. */
  key: string;
  /** Absolute frames at which the element was mounted, ascending. */
  frames: number[];
  /** Volume at each of those frames (1 = as recorded). */
  volumes: number[];
}
