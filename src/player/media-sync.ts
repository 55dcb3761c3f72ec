import type { MediaScope } from '../runtime/media/media-registry.ts';
import type { MediaPlayback } from '../runtime/media/media-types.ts';

/** How far (seconds) an element may wander from the video's clock before it is re-seeked. */
const MAX_DRIFT_SECONDS = 0.15;

/** Where in the source (seconds) the element is at `frame`, or undefined when it is silent there. */
export function sourceSeconds(playback: MediaPlayback, frame: number, fps: number, durationSeconds: number): number | undefined {
  const local = frame - playback.offset;
  if (local < 0) return undefined;
  const start = playback.trimStart / fps;
  const end = playback.trimEnd !== null ? playback.trimEnd / fps : durationSeconds;
  let t = start + (local * playback.playbackRate) / fps;
  if (Number.isFinite(end) && t >= end) {
    if (!playback.loop || end <= start) return undefined;
    t = start + ((t - start) % (end - start));
  }
  return t;
}

/**
 * The rates an HTML media element plays at: Chromium throws outside them (and other browsers
 * mute), so a faster or slower Player keeps these elements silent rather than crash.
 */
const ELEMENT_RATES = { min: 1 / 16, max: 16 } as const;

/** The element's playbackRate for its own rate times the Player's, or undefined when no element can play it. */
export function elementRate(mediaRate: number, playerRate: number): number | undefined {
  const rate = mediaRate * playerRate;
  return rate >= ELEMENT_RATES.min && rate <= ELEMENT_RATES.max ? rate : undefined;
}

/**
 * Plays the sound of the `<Audio>` and `<Video>` elements on screen with HTML audio elements,
 * following the Player's clock: each is started at the source time of the current frame and
 * re-seeked when it drifts. Renders never come here (the renderer mixes with FFmpeg).
 */
export class MediaSync {
  private readonly elements = new Map<string, HTMLAudioElement>();

  /** `scope`: the elements of this Player's template (not another Player's on the page). */
  constructor(private readonly scope: MediaScope) {}

  /** Call after each committed frame. */
  sync(frame: number, fps: number, options: { playing: boolean; playerRate: number; muted: boolean; volume: number }): void {
    const seen = new Set<string>();
    for (const media of this.scope.elements()) {
      if (media.playback.muted) continue;
      const id = `${media.key}|${media.playback.src}`;
      seen.add(id);
      let el = this.elements.get(id);
      if (!el) {
        el = new Audio(media.playback.src);
        el.preload = 'auto';
        this.elements.set(id, el);
      }
      const t = sourceSeconds(media.playback, frame, fps, el.duration);
      const rate = elementRate(media.playback.playbackRate, options.playerRate);
      if (t === undefined || !options.playing || rate === undefined) {
        if (!el.paused) el.pause();
        if (t !== undefined && Math.abs(el.currentTime - t) > 1 / fps) el.currentTime = t;
        continue;
      }
      el.muted = options.muted;
      // The element's own volume times the Player's (setVolume).
      el.volume = Math.min(1, Math.max(0, media.volume * options.volume));
      el.playbackRate = rate;
      if (Math.abs(el.currentTime - t) > MAX_DRIFT_SECONDS) el.currentTime = t;
      // Autoplay rules may refuse sound until the user interacts with the page: stay silent then.
      if (el.paused) el.play().catch(() => undefined);
    }
    for (const [id, el] of this.elements) {
      if (!seen.has(id)) {
        el.pause();
        this.elements.delete(id);
      }
    }
  }

  dispose(): void {
    for (const el of this.elements.values()) {
      el.pause();
      el.removeAttribute('src');
    }
    this.elements.clear();
  }
}
