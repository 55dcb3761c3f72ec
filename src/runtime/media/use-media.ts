import { useContext, useId, useLayoutEffect, useRef } from 'react';
import { continueRender, delayRender } from '../delay-render.ts';
import { getEnvironment } from '../environment.ts';
import { reportFatal } from '../fatal.ts';
import { useTimeline, useVideoConfig } from '../timeline.ts';
import { absoluteSrc, assetFailureReason, resolveAssetUrl } from './asset-url.ts';
import { MediaScopeContext, registerMediaElement, type MediaSnapshot } from './media-registry.ts';
import type { MediaKind, MediaPlayback } from './media-types.ts';

/** Props `<Audio>` and `<Video>` share. Times are in frames of the template. */
export interface MediaProps {
  /** A `staticFile()` path, a bundled import or a remote http(s) URL. */
  src: string;
  /**
   * Gain, 0 = silent, 1 = as recorded; or a function of the element's frame (0 where its
   * Sequence starts) for fades. @defaultValue 1
   */
  volume?: number | ((frame: number) => number);
  /** Source frames skipped at the start. @defaultValue 0 */
  trimStart?: number;
  /** Source position (frames from the source's start) where playback stops. @defaultValue the end */
  trimEnd?: number;
  /** Remotion's name for `trimStart`. */
  trimBefore?: number;
  /** Remotion's name for `trimEnd`. */
  trimAfter?: number;
  /** Remotion's older name for `trimStart`. */
  startFrom?: number;
  /** Remotion's older name for `trimEnd`. */
  endAt?: number;
  /** 2 plays twice as fast (pitch kept for audio). @defaultValue 1 */
  playbackRate?: number;
  /** Start again from `trimStart` on reaching `trimEnd` or the end. @defaultValue false */
  loop?: boolean;
  /** Leave this element's sound out of the mix. @defaultValue false */
  muted?: boolean;
  /** Label of the element in the Studio timeline. */
  name?: string;
  /** Accepted for Remotion templates; the Studio timeline lists every element. */
  showInTimeline?: boolean;
  /** Accepted for Remotion templates: nothing buffers in a render. */
  pauseWhenBuffering?: boolean;
  /** Accepted for Remotion templates: frames are exact, never shifted. */
  acceptableTimeShiftInSeconds?: number;
  /** Accepted for Remotion templates: a volume above 1 is always applied. */
  allowAmplificationDuringRender?: boolean;
}

/** The MediaProps that only describe playback; everything else a component passes to its element. */
export const MEDIA_PROP_NAMES = [
  'src', 'volume', 'trimStart', 'trimEnd', 'trimBefore', 'trimAfter', 'startFrom', 'endAt', 'playbackRate', 'loop', 'muted',
  'name', 'showInTimeline', 'pauseWhenBuffering', 'acceptableTimeShiftInSeconds', 'allowAmplificationDuringRender',
] as const satisfies readonly (keyof MediaProps)[];

/**
 * One value from the names a trim can go by (ours, Remotion's current and older names); two
 * different values for one trim is a mistake worth naming.
 */
function pickTrim(kind: MediaKind, names: string[], values: (number | undefined)[]): number | undefined {
  const given = names.filter((_, i) => values[i] !== undefined);
  const distinct = new Set(values.filter((v) => v !== undefined));
  if (distinct.size > 1) {
    throw new TypeError(`<${kind === 'audio' ? 'Audio' : 'Video'}> got both ${given.map((n) => `"${n}"`).join(' and ')}: they are names for one thing, pass one`);
  }
  return values.find((v) => v !== undefined);
}

/** `trimStart`/`trimEnd` from whichever names the props used. */
export function resolveTrims(kind: MediaKind, props: MediaProps): { trimStart: number | undefined; trimEnd: number | undefined } {
  return {
    trimStart: pickTrim(kind, ['trimStart', 'trimBefore', 'startFrom'], [props.trimStart, props.trimBefore, props.startFrom]),
    trimEnd: pickTrim(kind, ['trimEnd', 'trimAfter', 'endAt'], [props.trimEnd, props.trimAfter, props.endAt]),
  };
}

function check(name: string, value: number, ok: boolean, rule: string, kind: MediaKind): void {
  if (!ok) throw new TypeError(`<${kind === 'audio' ? 'Audio' : 'Video'}> "${name}" ${rule}, got ${value}`);
}

export interface MediaState {
  playback: MediaPlayback;
  /** Source position of the current frame, in seconds (before looping). */
  sourceSeconds: number;
  fps: number;
}

/**
 * Validates the props, works out where in the source the current frame falls, and registers
 * the element with the media registry so the renderer can mix its sound.
 */
export function useMedia(kind: MediaKind, props: MediaProps): MediaState {
  const { src, volume = 1, playbackRate = 1, loop = false, muted = false } = props;
  // An empty src resolves to the page itself (index.html), which FFmpeg then calls "not a media
  // file": name the real mistake, a blank prop, instead.
  if (!src) throw new TypeError(`<${kind === 'audio' ? 'Audio' : 'Video'}> was given an empty src: pass a URL or staticFile() path, or leave it out`);
  const trims = resolveTrims(kind, props);
  const trimStart = trims.trimStart ?? 0;
  const trimEnd = trims.trimEnd;
  const timeline = useTimeline();
  const { fps } = useVideoConfig();
  check('trimStart', trimStart, Number.isFinite(trimStart) && trimStart >= 0, 'must be a number ≥ 0', kind);
  if (trimEnd !== undefined) check('trimEnd', trimEnd, Number.isFinite(trimEnd) && trimEnd > trimStart, 'must be a number > trimStart', kind);
  check('playbackRate', playbackRate, Number.isFinite(playbackRate) && playbackRate > 0 && playbackRate <= 16, 'must be > 0 and ≤ 16', kind);
  if (typeof volume === 'number') check('volume', volume, Number.isFinite(volume) && volume >= 0, 'must be a number ≥ 0', kind);

  const playback: MediaPlayback = {
    kind, src: absoluteSrc(src), offset: timeline.offset, trimStart, trimEnd: trimEnd ?? null, playbackRate, loop, muted,
  };
  const key = useId();
  const scope = useContext(MediaScopeContext);
  const latest = useRef<{ playback: MediaPlayback; volume: MediaProps['volume']; absoluteFrame: number; silent: boolean }>(undefined);
  // Updated in a layout effect, which runs inside the commit, before the driver's snapshot.
  useLayoutEffect(() => {
    latest.current = { playback, volume, absoluteFrame: timeline.absoluteFrame, silent: timeline.silent === true };
  });
  useLayoutEffect(() => {
    const snapshot = (): MediaSnapshot => {
      const l = latest.current!;
      const value = typeof l.volume === 'function' ? l.volume(l.absoluteFrame - l.playback.offset) : l.volume ?? 1;
      check('volume', value, Number.isFinite(value) && value >= 0, `must be a number ≥ 0 (at frame ${l.absoluteFrame})`, kind);
      // Mounted early (premountFor) to load, not to play; or held by <Freeze>: muted there.
      return { playback: l.playback, volume: l.silent ? 0 : value };
    };
    return registerMediaElement(key, snapshot, scope);
  }, [key, scope]);
  useVerifiedSource(kind, src);

  return { playback, sourceSeconds: (trimStart + (timeline.absoluteFrame - timeline.offset) * playbackRate) / fps, fps };
}

const verified = new Map<string, Promise<void>>();

/**
 * Checks once per page that the source can be fetched, holding the frame meanwhile: a missing
 * or refused file fails the render at its first frame, naming the URL, rather than at the
 * final mix. For remote sources this is also the one download of the render.
 */
function useVerifiedSource(kind: MediaKind, src: string): void {
  useLayoutEffect(() => {
    if (getEnvironment().mode !== 'render') return;
    let check = verified.get(src);
    if (!check) {
      const url = resolveAssetUrl(src);
      check = fetch(url, { method: 'HEAD' }).then(async (response) => {
        if (response.ok) return;
        const reason = (await assetFailureReason(url)) ?? `HTTP ${response.status}`;
        throw new Error(reason);
      });
      verified.set(src, check);
    }
    const handle = delayRender(`<${kind === 'audio' ? 'Audio' : 'Video'} src="${src}"> checking the source`);
    let active = true;
    check.then(
      () => active && continueRender(handle),
      (error: unknown) => {
        if (!active) return;
        reportFatal({ code: 'ASSET_FETCH_FAILED', message: `<${kind === 'audio' ? 'Audio' : 'Video'}> could not load ${src}: ${error instanceof Error ? error.message : String(error)}` });
        continueRender(handle);
      },
    );
    return () => {
      active = false;
      continueRender(handle);
    };
  }, [kind, src]);
}
