import type { EasingFunction } from '../math/easing.ts';
import { interpolate } from '../math/interpolate.ts';
import { measureSpring, spring, type SpringConfigInput, type SpringOptions } from '../math/spring.ts';
import type { TransitionTiming } from './types.ts';

function checkDuration(fn: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0)) throw new TypeError(`${fn}: "durationInFrames" must be an integer > 0, got ${value}`);
}

export interface LinearTimingOptions {
  durationInFrames: number;
  /** Shape of the progress curve. @defaultValue linear */
  easing?: EasingFunction;
}

/** Progress moves evenly (or along `easing`) from 0 to 1 over `durationInFrames`. */
export function linearTiming({ durationInFrames, easing }: LinearTimingOptions): TransitionTiming {
  checkDuration('linearTiming()', durationInFrames);
  return {
    getDurationInFrames: () => durationInFrames,
    getProgress: ({ frame }) =>
      interpolate(frame, [0, durationInFrames], [0, 1], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp', ...(easing ? { easing } : {}) }),
  };
}

export interface SpringTimingOptions {
  config?: SpringConfigInput;
  /** Stretch the spring to settle in exactly this many frames. @defaultValue as long as the spring takes to settle */
  durationInFrames?: number;
  /** How close to 1 counts as settled when measuring the duration. @defaultValue 0.005 */
  durationRestThreshold?: number;
  /** Play the spring backwards. @defaultValue false */
  reverse?: boolean;
}

/** Progress follows `spring()`; the transition lasts until the spring settles (or `durationInFrames`). */
export function springTiming(options: SpringTimingOptions = {}): TransitionTiming {
  const { config, durationInFrames, durationRestThreshold, reverse } = options;
  if (durationInFrames !== undefined) checkDuration('springTiming()', durationInFrames);
  return {
    getDurationInFrames: ({ fps }) =>
      durationInFrames ?? measureSpring({ fps, ...(config ? { config } : {}), ...(durationRestThreshold !== undefined ? { threshold: durationRestThreshold } : {}) }),
    getProgress: ({ frame, fps }) =>
      // `reverse` and `durationRestThreshold` are spring()'s own options; passed through as given.
      spring({
        frame,
        fps,
        ...(config ? { config } : {}),
        ...(durationInFrames !== undefined ? { durationInFrames } : {}),
        ...(durationRestThreshold !== undefined ? { durationRestThreshold } : {}),
        ...(reverse !== undefined ? { reverse } : {}),
      } as SpringOptions),
  };
}
