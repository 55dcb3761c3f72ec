import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { z } from 'zod';
import type { PropsSchema, TemplateDefinition } from '../runtime/define-template.ts';
import { configureEnvironment } from '../runtime/environment.ts';
import { clearFatal, currentFatal, onFatal } from '../runtime/fatal.ts';
import { FrameRoot } from '../runtime/FrameRoot.tsx';
import { MediaScope, MediaScopeContext } from '../runtime/media/media-registry.ts';
import { FrameErrorBoundary } from './FrameErrorBoundary.tsx';
import { frameReady } from './frame-readiness.ts';
import { MediaSync } from './media-sync.ts';
import { PlayerControls } from './PlayerControls.tsx';
import { asPlayerError, useEmitError } from './player-errors.ts';
import { PlayerEmitter, PlayerError, type PlayerEventMap, type PlayerEventName, type PlayerListener } from './player-events.ts';
import { usePlayback, type PlaybackStats } from './use-playback.ts';
import { useFitScale } from './use-fit-scale.ts';
import { useFullscreen, type FullscreenControls } from './use-fullscreen.ts';
import { useResolvedTemplate } from './use-resolved-template.ts';
import { useSound, type SoundControls } from './use-sound.ts';
import { useStableValue } from './use-stable-value.ts';

// A page that shows a Player previews: media sources are not pre-checked as a render does, and
// <Video> draws from the browser's own decoder.
configureEnvironment({ mode: 'player' });

export interface PlayerProps<S extends PropsSchema = PropsSchema> {
  /** A template made with defineTemplate(). */
  template: TemplateDefinition<S>;
  /** Props merged over the template's defaultProps and parsed by its schema. Invalid props keep the last valid ones on screen and fire `error`. */
  inputProps?: Partial<z.input<S>>;
  /** Show the built-in play/pause, seek bar, time and mute. @defaultValue false */
  controls?: boolean;
  /** Start over after the last frame. @defaultValue false */
  loop?: boolean;
  /** Start playing once mounted (browsers may keep the sound off until the user interacts). @defaultValue false */
  autoPlay?: boolean;
  /** 2 plays twice as fast; a negative rate plays backwards (its sound stays off: media elements cannot play in reverse). Must be finite and not 0. @defaultValue 1 */
  playbackRate?: number;
  /** The frame shown first. @defaultValue 0 */
  initialFrame?: number;
  /** @defaultValue false */
  initiallyMuted?: boolean;
  /** A click on the video plays or pauses it (clicks on the controls never do). @defaultValue the value of `controls` */
  clickToPlay?: boolean;
  /** With `controls`, space plays or pauses while the Player has focus (a click on it, or Tab). @defaultValue true */
  spaceKeyToPlayOrPause?: boolean;
  /** A double click on the video toggles fullscreen (needs `allowFullscreen`); a single click then plays/pauses 200 ms late, once no second click came. @defaultValue false */
  doubleClickToFullscreen?: boolean;
  /** Whether requestFullscreen() and double-click fullscreen are allowed (and the controls show a fullscreen button). @defaultValue true */
  allowFullscreen?: boolean;
  /** The controls show a volume slider beside the mute button. @defaultValue true */
  showVolumeControls?: boolean;
  /** Play only from this frame on (play() from before it jumps here; `loop` comes back here). @defaultValue null: the first frame */
  inFrame?: number | null;
  /** Play only up to this frame: `ended` fires here (or playback loops to `inFrame`). @defaultValue null: the last frame */
  outFrame?: number | null;
  /** After `ended` (not looping), go back to the frame playback starts from (`inFrame`, or the first frame; the last one when playing backwards). Remotion's default is true: here the last frame stays on screen unless asked. @defaultValue false */
  moveToBeginningWhenEnded?: boolean;
  /** Style of the outer box; the video scales to fit it (by default 100% wide, at the template's aspect ratio). */
  style?: CSSProperties;
  className?: string;
  onFrameUpdate?: (frame: number) => void;
  onPlay?: () => void;
  onPause?: () => void;
  onEnded?: () => void;
  onError?: (error: PlayerError) => void;
  onReady?: (frame: number) => void;
}

/** The imperative handle of `<Player ref={...}>`. */
export interface PlayerRef extends SoundControls, FullscreenControls {
  play(): void;
  pause(): void;
  toggle(): void;
  /** Shows this frame (rounded, clamped to the video; a TypeError for NaN); playback continues from there if playing. Fires `seeked`. */
  seekTo(frame: number): void;
  /** Pauses and goes back to the frame the last play() started from. */
  pauseAndReturnToPlayStart(): void;
  getCurrentFrame(): number;
  isPlaying(): boolean;
  /** The scale at which the video is drawn in its box (1 = the template's own size). */
  getScale(): number;
  /**
   * Events: `frameupdate`, `timeupdate`, `seeked`, `play`, `pause`, `ended`, `ready`, `error`, `ratechange`,
   * `volumechange`, `mutechange`, `fullscreenchange`, `scalechange`; `event.detail` carries the data.
   */
  addEventListener<E extends PlayerEventName>(name: E, listener: PlayerListener<E>): void;
  removeEventListener<E extends PlayerEventName>(name: E, listener: PlayerListener<E>): void;
  getContainerNode(): HTMLDivElement | null;
  /** Frames shown and dropped since the last play(). */
  getStats(): PlaybackStats;
}

/** An element whose own behaviour for the space key (press, type, tick) comes first. */
function usesSpace(target: EventTarget): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'A', 'SUMMARY'].includes(target.tagName);
}

/** How long a click waits for a second one when a double click means fullscreen. */
const DOUBLE_CLICK_MS = 200;

const errorBox: CSSProperties = {
  position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 40, boxSizing: 'border-box',
  background: '#1f1f1f', color: '#ff8080', font: '32px monospace', whiteSpace: 'pre-wrap', textAlign: 'left',
};

/**
 * Plays a template in any React app: real time at the template's fps, frames dropped rather than
 * drifting, `<Audio>`/`<Video>` sound in sync, scaled to its container. Paused, it shows the
 * frame the renderer would capture (the container's `data-framewright-ready` turns "true" when
 * images, fonts and delayRender handles are done, and `ready` fires).
 */
export const Player = forwardRef<PlayerRef, PlayerProps>(function Player(props, ref) {
  const { template, controls = false, loop = false, autoPlay = false, playbackRate = 1, initialFrame = 0, initiallyMuted = false, style, className } = props;
  const { clickToPlay = controls, doubleClickToFullscreen = false, allowFullscreen = true, showVolumeControls = true, spaceKeyToPlayOrPause = true } = props;
  const inputProps = useStableValue(props.inputProps);
  if (!(playbackRate !== 0 && Number.isFinite(playbackRate))) throw new RangeError(`<Player> "playbackRate" must be a finite number other than 0, got ${playbackRate}`);
  const { inFrame = null, outFrame = null, moveToBeginningWhenEnded = false } = props;
  for (const [name, value] of [['inFrame', inFrame], ['outFrame', outFrame]] as const) {
    if (value !== null && !(Number.isInteger(value) && value >= 0)) throw new RangeError(`<Player> "${name}" must be an integer ≥ 0, got ${value}`);
  }
  if (inFrame !== null && outFrame !== null && outFrame <= inFrame) throw new RangeError(`<Player> "outFrame" must be > "inFrame" (${inFrame}), got ${outFrame}`);
  const emitter = useMemo(() => new PlayerEmitter(), []);
  const container = useRef<HTMLDivElement>(null);
  const resolved = useResolvedTemplate(template as TemplateDefinition, inputProps as Record<string, unknown> | undefined);
  const fallbackMetadata = useMemo(
    () => ({ width: template.width, height: template.height, fps: template.fps, durationInFrames: template.durationInFrames }),
    [template],
  );
  const metadata = resolved.metadata ?? fallbackMetadata;
  const playback = usePlayback({ durationInFrames: metadata.durationInFrames, fps: metadata.fps, loop, playbackRate, initialFrame, inFrame, outFrame, moveToBeginningWhenEnded, emitter });
  const sound = useSound(emitter, initiallyMuted);
  const { active: fullscreenActive, controls: fullscreen } = useFullscreen(container, emitter, allowFullscreen);
  const scale = useFitScale(container, metadata.width, metadata.height);
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  // Changes only, compared with the last value announced (the first is the host's own prop; a
  // "first run" flag would misfire under StrictMode's double effects).
  const announcedScale = useRef(scale);
  useEffect(() => {
    if (announcedScale.current === scale) return;
    announcedScale.current = scale;
    emitter.emit('scalechange', { scale });
  }, [scale, emitter]);
  const announcedRate = useRef(playbackRate);
  useEffect(() => {
    if (announcedRate.current === playbackRate) return;
    announcedRate.current = playbackRate;
    emitter.emit('ratechange', { playbackRate });
  }, [playbackRate, emitter]);
  const mediaScope = useMemo(() => new MediaScope(), []);
  const media = useMemo(() => new MediaSync(mediaScope), [mediaScope]);
  useEffect(() => () => media.dispose(), [media]);

  // The callback props, as listeners that always call the latest callback.
  const callbacks = useRef(props);
  callbacks.current = props;
  useEffect(() => {
    const subscriptions: Array<[PlayerEventName, (e: CustomEvent<unknown>) => void]> = [
      ['frameupdate', (e) => callbacks.current.onFrameUpdate?.((e.detail as PlayerEventMap['frameupdate']).frame)],
      ['play', () => callbacks.current.onPlay?.()],
      ['pause', () => callbacks.current.onPause?.()],
      ['ended', () => callbacks.current.onEnded?.()],
      ['ready', (e) => callbacks.current.onReady?.((e.detail as PlayerEventMap['ready']).frame)],
      ['error', (e) => callbacks.current.onError?.((e.detail as PlayerEventMap['error']).error)],
    ];
    for (const [name, fn] of subscriptions) emitter.on(name, fn);
    return () => {
      for (const [name, fn] of subscriptions) emitter.off(name, fn);
    };
  }, [emitter]);

  // What the template threw while rendering (caught by the boundary below). The boundary catches
  // in the commit's layout phase, before the host's effects have added its ref listeners: the
  // error goes through state so it is emitted from an effect, like an invalid-props error.
  const [caught, setCaught] = useState<PlayerError | undefined>(undefined);
  useEmitError(emitter, resolved.error);
  useEmitError(emitter, caught);

  // Errors the runtime records (an image that failed, a delayRender timeout) belong to the
  // current template and props: forget them when those change.
  useLayoutEffect(() => clearFatal(), [template, resolved.props]);
  useEffect(
    () =>
      onFatal(() => {
        const fatal = currentFatal();
        if (fatal) emitter.emit('error', { error: new PlayerError(fatal.code, fatal.message, fatal.stack ? { stack: fatal.stack } : {}) });
      }),
    [emitter],
  );

  const ready = resolved.props !== undefined && resolved.metadata !== undefined;
  // Once, when the player first becomes ready: the duration may only now be known (from
  // calculateMetadata), so the initial frame is applied against it, then autoPlay.
  // Deferred past the host's effects, so listeners it adds there hear autoPlay's `play`.
  const started = useRef(false);
  useEffect(() => {
    if (!ready || started.current) return;
    let canceled = false;
    queueMicrotask(() => {
      if (canceled || started.current) return;
      started.current = true;
      if (initialFrame !== playback.controls.getCurrentFrame()) playback.controls.seekTo(initialFrame);
      if (autoPlay) playback.controls.play();
    });
    return () => {
      canceled = true;
    };
  }, [ready]);

  // Mark the frame on the container; `ready` once the frame is what a render would capture.
  useLayoutEffect(() => {
    const el = container.current;
    if (!el || !ready) return;
    el.dataset.framewrightFrame = String(playback.frame);
    el.dataset.framewrightReady = 'false';
    const controller = new AbortController();
    void frameReady(controller.signal).then((done) => {
      if (!done || controller.signal.aborted) return;
      el.dataset.framewrightReady = 'true';
      emitter.emit('ready', { frame: playback.frame });
    });
    return () => controller.abort();
  }, [playback.frame, resolved.props, template, metadata, ready, emitter]);

  useLayoutEffect(() => {
    media.sync(playback.frame, metadata.fps, { playing: playback.playing, playerRate: playbackRate, muted: sound.muted, volume: sound.volume });
  });

  // One handle for the Player's life: callers may keep `ref.current` around.
  const api = playback.controls;
  useImperativeHandle(
    ref,
    (): PlayerRef => ({
      play: api.play,
      pause: api.pause,
      toggle: () => (api.isPlaying() ? api.pause() : api.play()),
      seekTo: api.seekTo,
      pauseAndReturnToPlayStart: api.pauseAndReturnToPlayStart,
      getCurrentFrame: api.getCurrentFrame,
      isPlaying: api.isPlaying,
      ...sound.controls,
      ...fullscreen,
      getScale: () => scaleRef.current,
      addEventListener: (name, listener) => emitter.on(name, listener),
      removeEventListener: (name, listener) => emitter.off(name, listener),
      getContainerNode: () => container.current,
      getStats: api.stats,
    }),
    [api, emitter, sound.controls, fullscreen],
  );

  const spaceKey = controls && spaceKeyToPlayOrPause;
  const clickable = useRef({ clickToPlay, doubleClickToFullscreen, allowFullscreen, spaceKey });
  clickable.current = { clickToPlay, doubleClickToFullscreen, allowFullscreen, spaceKey };
  // With double-click fullscreen on, a click waits this long for a second one before it plays or
  // pauses: the two clicks of a double click would otherwise play and pause again (as Remotion's
  // Player does, 200 ms).
  const clickTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(clickTimer.current), []);
  // Clicks on the built-in controls are theirs (the seek bar, the buttons), never a toggle.
  const onVideo = (e: MouseEvent) => !(e.target instanceof Element && e.target.closest('[data-framewright-controls]'));

  // getInputProps() in the template sees what this Player was given, as a render sees its caller's
  // props. Set while rendering, just before the template renders below (the environment is one
  // per page: with several Players, each sets it before its own template renders).
  configureEnvironment({ inputProps: (inputProps as Record<string, unknown> | undefined) ?? {} });

  // The same element while frame, props and template are the same: a re-render of the Player
  // (its host re-rendering on `frameupdate`) does not render the template a second time.
  const frameElement = useMemo(
    () => (resolved.props ? <FrameRoot template={template as TemplateDefinition} props={resolved.props} metadata={metadata} frame={playback.frame} /> : null),
    [template, resolved.props, metadata, playback.frame],
  );

  const { width, height } = metadata;
  return (
    <div
      ref={container}
      className={className}
      data-framewright-player=""
      data-click-to-play={String(clickToPlay)}
      // Focusable so that space reaches it (a click gives it focus); keys go to the focused
      // Player only, so with several Players on a page one key toggles one of them.
      tabIndex={spaceKey ? 0 : undefined}
      onKeyDown={(e) => {
        if (!clickable.current.spaceKey || e.key !== ' ' || e.repeat || e.metaKey || e.ctrlKey || e.altKey) return;
        // A focused control (the Play button, the seek bar) or a field inside the template
        // handles its own space; toggling here too would undo the button's press.
        if (e.target !== e.currentTarget && usesSpace(e.target)) return;
        e.preventDefault();
        if (api.isPlaying()) api.pause();
        else api.play();
      }}
      onClick={(e) => {
        const { clickToPlay: on, doubleClickToFullscreen, allowFullscreen: allowed } = clickable.current;
        if (!on || !onVideo(e.nativeEvent)) return;
        const toggle = () => (api.isPlaying() ? api.pause() : api.play());
        clearTimeout(clickTimer.current);
        if (doubleClickToFullscreen && allowed) clickTimer.current = setTimeout(toggle, DOUBLE_CLICK_MS);
        else toggle();
      }}
      onDoubleClick={(e) => {
        const { doubleClickToFullscreen: on, allowFullscreen: allowed } = clickable.current;
        if (!on || !allowed || !onVideo(e.nativeEvent)) return;
        clearTimeout(clickTimer.current);
        if (fullscreen.isFullscreen()) fullscreen.exitFullscreen();
        else fullscreen.requestFullscreen();
      }}
      style={{ position: 'relative', width: '100%', aspectRatio: `${width} / ${height}`, overflow: 'hidden', ...style }}
    >
      <div
        style={{
          // The host page's inherited styles (font, line-height, colour, ...) must not reach the
          // template: the renderer's page has none, and the preview must match it.
          all: 'initial',
          display: 'block',
          position: 'absolute', left: '50%', top: '50%', width, height, marginLeft: -width / 2, marginTop: -height / 2,
          transform: scale === 1 ? undefined : `scale(${scale})`, transformOrigin: '50% 50%',
        }}
      >
        {ready && (
          <FrameErrorBoundary
            // The frame element is new whenever the frame, props, metadata or template object
            // change (a live reload keeps the id): any of them may render fine again.
            resetKey={frameElement}
            onError={(error, componentStack) => setCaught(asPlayerError(error, componentStack))}
            fallback={(error) => <div style={errorBox}>{asPlayerError(error).message}</div>}
          >
            <MediaScopeContext.Provider value={mediaScope}>{frameElement}</MediaScopeContext.Provider>
          </FrameErrorBoundary>
        )}
      </div>
      {controls && (
        <PlayerControls
          frame={playback.frame}
          durationInFrames={metadata.durationInFrames}
          fps={metadata.fps}
          playing={playback.playing}
          muted={sound.muted}
          onToggle={() => (playback.isPlaying() ? playback.pause() : playback.play())}
          onSeek={playback.seekTo}
          onToggleMute={() => (sound.controls.isMuted() ? sound.controls.unmute() : sound.controls.mute())}
          {...(showVolumeControls
            ? {
                volume: {
                  value: sound.volume,
                  // Turning the volume up is a way out of mute, as on a video element's controls.
                  onChange: (v: number) => {
                    sound.controls.setVolume(v);
                    if (v > 0) sound.controls.unmute();
                  },
                },
              }
            : {})}
          {...(allowFullscreen
            ? { fullscreen: { active: fullscreenActive, onToggle: () => (fullscreen.isFullscreen() ? fullscreen.exitFullscreen() : fullscreen.requestFullscreen()) } }
            : {})}
        />
      )}
    </div>
  );
});
