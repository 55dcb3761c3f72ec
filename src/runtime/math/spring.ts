import { interpolate } from './interpolate.ts';
import { springProgressAtFrame, type SpringPhysics } from './spring-physics.ts';

export interface SpringConfig {
  /** @defaultValue 1 */
  mass: number;
  /** @defaultValue 10 */
  damping: number;
  /** @defaultValue 100 */
  stiffness: number;
  /**
   * Never go past `to`: the value is held at `to` while the spring would overshoot.
   * @defaultValue false
   */
  overshootClamping: boolean;
}

/**
 * A spring config as templates pass it: any entry may be left out or `undefined` (a forwarded
 * optional prop), and then takes its default.
 */
export type SpringConfigInput = { [K in keyof SpringConfig]?: SpringConfig[K] | undefined };

export interface SpringOptions {
  frame: number;
  fps: number;
  config?: SpringConfigInput;
  /** @defaultValue 0 */
  from?: number;
  /** @defaultValue 1 */
  to?: number;
  /** Frames to wait before the spring starts. @defaultValue 0 */
  delay?: number;
  /**
   * Stretch or squeeze time so the spring's natural settle point (see `measureSpring`) lands on
   * this frame; after it the value is exactly `to`.
   */
  durationInFrames?: number;
  /** The `threshold` used to find the natural settle point for `durationInFrames` and `reverse`. @defaultValue 0.005 */
  durationRestThreshold?: number;
  /** Play the spring backwards: from `to` back to `from`, ending at its (natural or given) duration. @defaultValue false */
  reverse?: boolean;
}

export interface MeasureSpringOptions {
  fps: number;
  config?: SpringConfigInput;
  /** How close to the target (of a 0 → 1 move) counts as settled. @defaultValue 0.005 */
  threshold?: number;
}

const DEFAULTS: SpringConfig = { mass: 1, damping: 10, stiffness: 100, overshootClamping: false };
const DEFAULT_THRESHOLD = 0.005;
/** How many frames past the settle frame are watched for a swing back out. */
const SETTLE_WINDOW_FRAMES = 20;

function fail(fn: string, message: string): never {
  throw new RangeError(`${fn}(): ${message}`);
}

function resolveConfig(fn: string, config: SpringConfigInput | undefined): SpringConfig {
  // An entry that is undefined was not given: a plain spread would let it replace the default
  // (and fail below), where `{damping: props.damping}` means "the default unless set".
  const c: SpringConfig = {
    mass: config?.mass ?? DEFAULTS.mass,
    damping: config?.damping ?? DEFAULTS.damping,
    stiffness: config?.stiffness ?? DEFAULTS.stiffness,
    overshootClamping: config?.overshootClamping ?? DEFAULTS.overshootClamping,
  };
  for (const key of ['mass', 'damping', 'stiffness'] as const) {
    if (!(typeof c[key] === 'number' && c[key] > 0 && Number.isFinite(c[key]))) {
      fail(fn, `config.${key} must be a finite number > 0, got ${String(c[key])}`);
    }
  }
  return c;
}

function checkFps(fn: string, fps: number): void {
  if (!(typeof fps === 'number' && fps > 0 && Number.isFinite(fps))) fail(fn, `fps must be a finite number > 0, got ${String(fps)}`);
}

function checkThreshold(fn: string, name: string, threshold: number): void {
  if (!(typeof threshold === 'number' && threshold > 0 && Number.isFinite(threshold))) {
    fail(fn, `${name} must be a finite number > 0, got ${String(threshold)}`);
  }
}

function settleFrame(fps: number, physics: SpringPhysics, threshold: number): number {
  const within = (frame: number) => Math.abs(springProgressAtFrame(frame, fps, physics) - 1) < threshold;
  let settled = 0;
  while (!within(settled)) settled++;
  // Watch the next frames: an underdamped spring (sampled coarsely at a low fps) can swing back
  // out. A frame outside moves the settle frame past it and restarts the watch, counting itself,
  // which is how Remotion's measureSpring counts (it matters only at low fps and low damping).
  let frame = settled;
  for (let watched = 0; watched < SETTLE_WINDOW_FRAMES; ) {
    frame++;
    if (within(frame)) {
      watched++;
    } else {
      settled = frame + 1;
      watched = 1;
    }
  }
  return settled;
}

/**
 * Frames until a spring (played from 0 to 1) comes to rest: the first frame from which it stays
 * within `threshold` of its target, watched for the 20 frames after it (as Remotion does). Useful
 * to size a `<Sequence>` to its animation.
 */
export function measureSpring({ fps, config, threshold = DEFAULT_THRESHOLD }: MeasureSpringOptions): number {
  checkFps('measureSpring', fps);
  checkThreshold('measureSpring', 'threshold', threshold);
  return settleFrame(fps, resolveConfig('measureSpring', config), threshold);
}

/**
 * Physically based animation from `from` to `to` at `frame`: a damped spring released at rest.
 * Returns the same numbers as Remotion's `spring()` (see the README for the one deliberate
 * difference: `overshootClamping` with `from`/`to` other than 0 and 1).
 */
export function spring({
  frame,
  fps,
  config,
  from = 0,
  to = 1,
  delay = 0,
  durationInFrames,
  durationRestThreshold,
  reverse = false,
}: SpringOptions): number {
  if (typeof frame !== 'number' || Number.isNaN(frame)) fail('spring', `frame must be a number, got ${String(frame)}`);
  checkFps('spring', fps);
  const c = resolveConfig('spring', config);
  for (const [name, value] of [['from', from], ['to', to], ['delay', delay]] as const) {
    if (!Number.isFinite(value)) fail('spring', `${name} must be a finite number, got ${String(value)}`);
  }
  if (durationInFrames !== undefined && !(durationInFrames > 0 && Number.isFinite(durationInFrames))) {
    fail('spring', `durationInFrames must be a finite number > 0, got ${String(durationInFrames)}`);
  }
  if (durationRestThreshold !== undefined) checkThreshold('spring', 'durationRestThreshold', durationRestThreshold);

  const natural =
    reverse || durationInFrames !== undefined
      ? settleFrame(fps, c, durationRestThreshold ?? DEFAULT_THRESHOLD)
      : undefined;
  const played = reverse ? (durationInFrames ?? natural!) - frame : frame;
  const delayed = reverse ? played + delay : played - delay;
  // Past the requested duration the spring is done: exactly `to`, not the last sample near it.
  if (durationInFrames !== undefined && delayed > durationInFrames) return to;
  const springFrame = durationInFrames === undefined ? delayed : delayed * (natural! / durationInFrames);

  let progress = springProgressAtFrame(springFrame, fps, c);
  // Clamp in 0 → 1 progress space, so the output never passes `to` whatever `from`/`to` are.
  if (c.overshootClamping) progress = Math.min(progress, 1);
  return from === 0 && to === 1 ? progress : interpolate(progress, [0, 1], [from, to]);
}
