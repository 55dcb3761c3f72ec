import type { EasingFunction } from './easing.ts';

/**
 * What happens beyond the ends of the input range:
 * - `extend`: continue the nearest segment (eased) — the default;
 * - `clamp`: hold the end value;
 * - `identity`: return the input itself;
 * - `wrap`: repeat the nearest segment (so a single segment loops).
 */
export type ExtrapolateType = 'extend' | 'clamp' | 'identity' | 'wrap';

export interface InterpolateOptions {
  /**
   * One easing for every segment, or one per segment (`inputRange.length - 1` of them).
   * @defaultValue linear
   */
  easing?: EasingFunction | readonly EasingFunction[];
  /** @defaultValue 'extend' */
  extrapolateLeft?: ExtrapolateType;
  /** @defaultValue 'extend' */
  extrapolateRight?: ExtrapolateType;
  /**
   * Quantise the input to steps of this size first (`posterize: 3` on a frame number gives
   * frames 0–2 the value of frame 0, 3–5 that of frame 3, …): stop-motion looks.
   */
  posterize?: number;
}

const EXTRAPOLATE_TYPES: readonly ExtrapolateType[] = ['extend', 'clamp', 'identity', 'wrap'];
const linear: EasingFunction = (t) => t;

function fail(message: string): never {
  throw new RangeError(`interpolate(): ${message}`);
}

/*
 * The range errors read exactly as Remotion's do (a ported template's own tests, or a person who
 * searches the message, find the same words); each names the values it got.
 */
function assertFinite(name: string, range: readonly number[]): void {
  if (range.length < 2) throw new Error(`${name} must have at least 2 elements`);
  for (const v of range) {
    if (typeof v !== 'number') throw new Error(`${name} must contain only numbers`);
    if (!Number.isFinite(v)) throw new Error(`${name} must contain only finite numbers, but got [${range.join(',')}]`);
  }
}

function assertRanges(input: readonly number[], output: readonly number[]): void {
  if (input === undefined) throw new Error('inputRange can not be undefined');
  if (output === undefined) throw new Error('outputRange can not be undefined');
  if (!Array.isArray(input) || !Array.isArray(output)) fail('inputRange and outputRange must be arrays of numbers');
  if (input.length !== output.length) {
    throw new Error(`inputRange (${input.length}) and outputRange (${output.length}) must have the same length`);
  }
  assertFinite('inputRange', input);
  assertFinite('outputRange', output);
  for (let i = 1; i < input.length; i++) {
    if (!(input[i]! > input[i - 1]!)) throw new Error(`inputRange must be strictly monotonically increasing but got [${input.join(',')}]`);
  }
}

function resolveEasing(easing: InterpolateOptions['easing'], segments: number): (segment: number) => EasingFunction {
  if (easing === undefined) return () => linear;
  if (typeof easing === 'function') return () => easing;
  if (!Array.isArray(easing) || easing.length !== segments || easing.some((e) => typeof e !== 'function')) {
    fail(`easing must be a function or an array of ${segments} functions (one per segment)`);
  }
  return (segment) => easing[segment]!;
}

function resolveExtrapolate(name: string, value: ExtrapolateType | undefined): ExtrapolateType {
  if (value === undefined) return 'extend';
  if (!EXTRAPOLATE_TYPES.includes(value)) fail(`${name} must be one of ${EXTRAPOLATE_TYPES.join(', ')}, got ${String(value)}`);
  return value;
}

/** Brings `x` back into [min, max) by whole periods of the segment. */
function wrapInto(x: number, min: number, max: number): number {
  const period = max - min;
  return ((((x - min) % period) + period) % period) + min;
}

/**
 * Maps `input` from `inputRange` onto `outputRange` piecewise (each segment linear, then eased).
 * Ranges must be finite and `inputRange` strictly increasing. Outside the range the nearest
 * segment is extended, clamped, wrapped, or the input is returned, per `extrapolateLeft/Right`.
 */
export function interpolate(
  input: number,
  inputRange: readonly number[],
  outputRange: readonly number[],
  options: InterpolateOptions = {},
): number {
  if (input === undefined) throw new Error('input can not be undefined');
  assertRanges(inputRange, outputRange);
  // NaN is a number here, as in Remotion: it comes out as NaN (a style value the browser
  // ignores) rather than failing the render, so a template that survives it there survives here.
  if (typeof input !== 'number') throw new TypeError(`Cannot interpolate an input which is not a number, got ${typeof input} ${JSON.stringify(input)}`);
  const left = resolveExtrapolate('extrapolateLeft', options.extrapolateLeft);
  const right = resolveExtrapolate('extrapolateRight', options.extrapolateRight);
  const easingFor = resolveEasing(options.easing, inputRange.length - 1);
  const { posterize } = options;
  if (posterize !== undefined) {
    if (!(typeof posterize === 'number' && posterize > 0 && Number.isFinite(posterize))) {
      fail(`posterize must be a finite number > 0, got ${String(posterize)}`);
    }
    input = Math.floor(input / posterize) * posterize;
  }

  // The segment whose right end is the first at or past the input (the last one beyond the
  // range, and for NaN, which is past nothing).
  let segment = 0;
  while (segment < inputRange.length - 2 && !(inputRange[segment + 1]! >= input)) segment++;
  const inMin = inputRange[segment]!;
  const inMax = inputRange[segment + 1]!;
  const outMin = outputRange[segment]!;
  const outMax = outputRange[segment + 1]!;

  let x = input;
  if (x < inMin) {
    if (left === 'identity') return x;
    if (left === 'clamp') x = inMin;
    else if (left === 'wrap') x = wrapInto(x, inMin, inMax);
  }
  if (x > inMax) {
    if (right === 'identity') return x;
    if (right === 'clamp') x = inMax;
    else if (right === 'wrap') x = wrapInto(x, inMin, inMax);
  }
  if (outMin === outMax) return outMin;
  const t = easingFor(segment)((x - inMin) / (inMax - inMin));
  return t * (outMax - outMin) + outMin;
}
