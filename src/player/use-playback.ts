import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { PlayerEmitter } from './player-events.ts';

export interface PlaybackStats {
  /** Frames put on screen by playback since the last play(). */
  shownFrames: number;
  /** Frames playback skipped to stay in time (the machine could not draw them in time). */
  droppedFrames: number;
  /** Main-thread time spent rendering and committing those frames (React + the template), in ms. */
  commitMs: number;
}

export interface PlaybackOptions {
  durationInFrames: number;
  fps: number;
  loop: boolean;
  /** Speed: 2 is twice as fast; negative plays backwards (ending, or looping, at `inFrame`). */
  playbackRate: number;
  initialFrame: number;
  /** Playback runs from here (play() jumps here from outside the range). null: the first frame. */
  inFrame: number | null;
  /** Playback ends (or loops) here. null: the last frame. */
  outFrame: number | null;
  /** After `ended`, show the frame playback starts from again. */
  moveToBeginningWhenEnded: boolean;
  emitter: PlayerEmitter;
}

/** The frames playback runs over: [inFrame, outFrame] within the video. */
function playRange(o: Pick<PlaybackOptions, 'durationInFrames' | 'inFrame' | 'outFrame'>): { first: number; last: number } {
  const end = Math.max(0, o.durationInFrames - 1);
  const first = Math.min(Math.max(0, o.inFrame ?? 0), end);
  return { first, last: Math.min(Math.max(first, o.outFrame ?? end), end) };
}

export interface PlaybackControls {
  play(): void;
  pause(): void;
  seekTo(frame: number): void;
  /** Pauses and goes back to the frame the last play() started from. */
  pauseAndReturnToPlayStart(): void;
  getCurrentFrame(): number;
  isPlaying(): boolean;
  stats(): PlaybackStats;
}

export interface Playback extends PlaybackControls {
  frame: number;
  playing: boolean;
  /** The same functions in an object that never changes identity. */
  controls: PlaybackControls;
}

/** How often `timeupdate` fires while playing (as a media element's does, about 4 times a second). */
const TIME_UPDATE_MS = 250;

const clampFrame = (frame: number, duration: number) => Math.min(Math.max(0, Math.round(frame)), Math.max(0, duration - 1));

/**
 * The playback clock. The frame on screen is computed from the time since play() (anchored at
 * the frame playback started from), never by adding one per tick: a slow frame makes the next
 * tick skip ahead (a dropped frame) instead of the video drifting behind real time.
 */
export function usePlayback(options: PlaybackOptions): Playback {
  const [frame, setFrame] = useState(() => clampFrame(options.initialFrame, options.durationInFrames));
  const [playing, setPlaying] = useState(false);
  // The options of the last committed render (see the layout effect below).
  const config = useRef(options);
  // playStartFrame: where the last play() began (startFrame moves with every seek while playing).
  const state = useRef({ frame, playing: false, startTime: 0, startFrame: 0, playStartFrame: frame, lastTimeUpdate: 0, raf: 0, shown: 0, dropped: 0, commitMs: 0 });

  const show = useCallback((target: number) => {
    state.current.frame = target;
    // Commit inside this animation frame, so the browser paints the new frame at once.
    try {
      flushSync(() => setFrame(target));
    } catch {
      setFrame(target);
    }
  }, []);

  const anchor = useCallback(() => {
    state.current.startTime = performance.now();
    state.current.startFrame = state.current.frame;
  }, []);

  const stop = useCallback(() => {
    cancelAnimationFrame(state.current.raf);
    state.current.raf = 0;
    state.current.playing = false;
    setPlaying(false);
  }, []);

  const tick = useCallback(
    (now: number) => {
      const s = state.current;
      // This callback is the request that was pending: none is now (see the end).
      s.raf = 0;
      if (!s.playing) return;
      const { fps, loop, playbackRate, emitter } = config.current;
      const { first, last } = playRange(config.current);
      const length = last - first + 1;
      // rAF's timestamp is the frame's start, which can be a little before the performance.now()
      // that play() or a seek anchored at: never let that read as time running backwards (the
      // first tick showed the frame before the start, or frame -1 from frame 0).
      const elapsed = Math.max(0, now - s.startTime);
      // Whole frames moved since the anchor, in the direction of play (a negative rate plays
      // backwards): floor of the distance, so backwards also waits a full frame per step.
      const moved = Math.floor((elapsed * fps * Math.abs(playbackRate)) / 1000);
      const backwards = playbackRate < 0;
      let target = backwards ? s.startFrame - moved : s.startFrame + moved;
      let ended = false;
      if (!backwards && target > last) {
        if (loop) target = first + ((target - first) % length);
        else {
          target = last;
          ended = true;
        }
      } else if (backwards && target < first) {
        if (loop) target = last - ((last - target) % length);
        else {
          target = first;
          ended = true;
        }
      }
      if (target !== s.frame) {
        const advanced = ((backwards ? s.frame - target : target - s.frame) + length) % length;
        s.dropped += Math.max(0, advanced - 1);
        s.shown += 1;
        const before = performance.now();
        show(target);
        s.commitMs += performance.now() - before;
        emitter.emit('frameupdate', { frame: target });
        if (now - s.lastTimeUpdate >= TIME_UPDATE_MS) {
          s.lastTimeUpdate = now;
          emitter.emit('timeupdate', { frame: target });
        }
      }
      if (ended) {
        stop();
        emitter.emit('pause', { frame: target });
        emitter.emit('ended', { frame: target });
        // Unless a listener already moved the video (seekTo, play()): its choice stands.
        const start = backwards ? last : first;
        if (config.current.moveToBeginningWhenEnded && !s.playing && s.frame === target && start !== target) {
          show(start);
          emitter.emit('frameupdate', { frame: start });
        }
        return;
      }
      // A listener above may have paused (no next tick), or paused and played again (play()
      // requested the next tick already): a second request would run a second clock.
      if (s.playing && s.raf === 0) s.raf = requestAnimationFrame(tick);
    },
    [show, stop],
  );

  const play = useCallback(() => {
    const s = state.current;
    if (s.playing) return;
    const { emitter } = config.current;
    const { first, last } = playRange(config.current);
    // Play at the end starts over, as a video element does; from outside [inFrame, outFrame]
    // it starts at inFrame. Backwards (a negative rate), the end is the first frame and
    // starting over is from the last.
    const backwards = config.current.playbackRate < 0;
    const [start, end] = backwards ? [last, first] : [first, last];
    if ((s.frame === end && last > first) || s.frame < first || s.frame > last) {
      show(start);
      emitter.emit('frameupdate', { frame: start });
    }
    s.playing = true;
    s.playStartFrame = s.frame;
    s.shown = 0;
    s.dropped = 0;
    s.commitMs = 0;
    anchor();
    setPlaying(true);
    emitter.emit('play', { frame: s.frame });
    s.raf = requestAnimationFrame(tick);
  }, [anchor, show, tick]);

  const pause = useCallback(() => {
    if (!state.current.playing) return;
    stop();
    config.current.emitter.emit('pause', { frame: state.current.frame });
  }, [stop]);

  const seekTo = useCallback(
    (target: number) => {
      // NaN would pass every clamp and leave no frame on screen.
      if (typeof target !== 'number' || !Number.isFinite(target)) throw new TypeError(`seekTo(frame): "frame" must be a finite number, got ${String(target)}`);
      const clamped = clampFrame(target, config.current.durationInFrames);
      const { emitter } = config.current;
      if (clamped !== state.current.frame) {
        show(clamped);
        emitter.emit('frameupdate', { frame: clamped });
      }
      if (state.current.playing) anchor();
      emitter.emit('seeked', { frame: clamped });
      emitter.emit('timeupdate', { frame: clamped });
    },
    [anchor, show],
  );

  const pauseAndReturnToPlayStart = useCallback(() => {
    pause();
    seekTo(state.current.playStartFrame);
  }, [pause, seekTo]);

  // The clock reads the options of committed renders only: one React renders and throws away (a
  // transition that suspends) must not move it. A new rate or fps re-anchors the clock at the
  // frame on screen here, in the commit, before the next animation frame could apply the new
  // rate to all the time since play() (a jump ahead).
  useLayoutEffect(() => {
    const before = config.current;
    config.current = options;
    if (state.current.playing && (before.playbackRate !== options.playbackRate || before.fps !== options.fps)) anchor();
  });
  // A new duration that puts the frame past the end moves it to the last frame.
  useEffect(() => {
    if (state.current.frame >= options.durationInFrames) seekTo(Math.max(0, options.durationInFrames - 1));
  }, [options.durationInFrames, seekTo]);
  // Unmounted, or hidden by <Activity> (which cleans effects up), while playing: the clock stops
  // and the Player says so, so a handle kept elsewhere reads a paused Player whose play() works.
  useEffect(
    () => () => {
      const s = state.current;
      if (!s.playing) return;
      stop();
      config.current.emitter.emit('pause', { frame: s.frame });
    },
    [stop],
  );

  // Stable functions: a handle captured once (ref.current) keeps working.
  const controls = useMemo(
    () => ({
      play,
      pause,
      seekTo,
      pauseAndReturnToPlayStart,
      getCurrentFrame: () => state.current.frame,
      isPlaying: () => state.current.playing,
      stats: () => ({ shownFrames: state.current.shown, droppedFrames: state.current.dropped, commitMs: state.current.commitMs }),
    }),
    [play, pause, seekTo, pauseAndReturnToPlayStart],
  );
  // A video made shorter (another template, calculateMetadata) never renders a frame past its
  // end, not even in the commit before the effect above moves the frame back: a template may
  // rightly assume a render never asks for one (and throw on it).
  const visible = Math.min(frame, Math.max(0, options.durationInFrames - 1));
  return useMemo(() => ({ ...controls, frame: visible, playing, controls }), [controls, visible, playing]);
}
