/** What each Player event carries in `event.detail`. */
export interface PlayerEventMap {
  /** The frame on screen changed (playing, seeking, or a new template). */
  frameupdate: { frame: number };
  /** The frame, at most every 250 ms while playing, and after every seek (for a time display that need not follow each frame). */
  timeupdate: { frame: number };
  /** A seek (seekTo, the controls' seek bar) landed on this frame. */
  seeked: { frame: number };
  play: { frame: number };
  pause: { frame: number };
  /** Playback reached the last frame without `loop`. */
  ended: { frame: number };
  /** The shown frame is ready: React committed, images decoded, fonts loaded, no delayRender open. */
  ready: { frame: number };
  /** Invalid props (the last valid props stay on screen), or an error thrown by the template. */
  error: { error: PlayerError };
  /** The `playbackRate` prop changed. */
  ratechange: { playbackRate: number };
  /** setVolume() changed the volume (0–1). */
  volumechange: { volume: number };
  /** mute(), unmute() or the controls' mute button changed it. */
  mutechange: { isMuted: boolean };
  /** The Player entered or left fullscreen. */
  fullscreenchange: { isFullscreen: boolean };
  /** The video's scale in its box changed (the box was resized). */
  scalechange: { scale: number };
}

export type PlayerEventName = keyof PlayerEventMap;
export type PlayerListener<E extends PlayerEventName> = (event: CustomEvent<PlayerEventMap[E]>) => void;

/** An error the Player reports; `code` is one of the error codes (INVALID_PROPS, TEMPLATE_ERROR, ...). */
export class PlayerError extends Error {
  readonly code: string;
  /** For INVALID_PROPS: each bad field's path and zod's message. */
  readonly issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>;
  readonly componentStack: string | undefined;

  constructor(code: string, message: string, options: { stack?: string; componentStack?: string; issues?: PlayerError['issues'] } = {}) {
    super(message);
    this.name = 'PlayerError';
    this.code = code;
    this.issues = options.issues ?? [];
    this.componentStack = options.componentStack;
    if (options.stack) this.stack = options.stack;
  }
}

/** A typed wrapper over EventTarget (browsers only), so listeners get `CustomEvent<detail>`. */
export class PlayerEmitter {
  private readonly target = new EventTarget();

  on<E extends PlayerEventName>(name: E, listener: PlayerListener<E>): void {
    this.target.addEventListener(name, listener as EventListener);
  }

  off<E extends PlayerEventName>(name: E, listener: PlayerListener<E>): void {
    this.target.removeEventListener(name, listener as EventListener);
  }

  emit<E extends PlayerEventName>(name: E, detail: PlayerEventMap[E]): void {
    this.target.dispatchEvent(new CustomEvent(name, { detail }));
  }
}
