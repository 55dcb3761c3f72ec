import type { EasingFunction } from './easing.ts';

export type ExtrapolateType = 'extend' | 'clamp' | 'identity';

export interface InterpolateOptions {
  /** @defaultValue linear */
  easing?: EasingFunction;
  /** @defaultValue 'extend' */
  extrapolateLeft?: ExtrapolateType;
  /** @defaultValue 'extend' */
  extrapolateRight?: ExtrapolateType;
}

function assertRanges(input: readonly number[], output: readonly number[]): void {
  if (input.length !== output.length) {
    throw new RangeError(
      `interpolate(): inputRange (${input.length} values) and outputRange (${output.length} values) must have the same length`,
    );
  }
  if (input.length < 2) throw new RangeError(`interpolate(): inputRange needs at least 2 values, got ${input.length}`);
  for (let i = 0; i < input.length; i++) {
    const v = input[i]!;
    if (!Number.isFinite(v) && !(i === 0 && v === -Infinity) && !(i === input.length - 1 && v === Infinity)) {
      throw new RangeError(`interpolate(): inputRange must be finite numbers, got ${v} at index ${i}`);
    }
    if (i > 0 && !(v > input[i - 1]!)) {
      throw new RangeError(`interpolate(): inputRange must be strictly increasing, got [${input.join(', ')}]`);
    }
    if (!Number.isFinite(output[i]!)) {
      throw new RangeError(`interpolate(): outputRange must be finite numbers, got ${output[i]} at index ${i}`);
    }
  }
}

function segment(
  value: number,
  [inMin, inMax]: readonly [number, number],
  [outMin, outMax]: readonly [number, number],
  options: InterpolateOptions,
): number {
  const left = options.extrapolateLeft ?? 'extend';
  const right = options.extrapolateRight ?? 'extend';
  if (value < inMin) {
    if (left === 'identity') return value;
    if (left === 'clamp') value = inMin;
  }
  if (value > inMax) {
    if (right === 'identity') return value;
    if (right === 'clamp') value = inMax;
  }
  if (outMin === outMax) return outMin;
  let t = (value - inMin) / (inMax - inMin);
  t = (options.easing ?? ((x: number) => x))(t);
  return outMin + t * (outMax - outMin);
}

/**
 * Maps `value` from `inputRange` onto `outputRange`, piecewise linearly (then eased).
 * Beyond the ends the value extends the nearest segment unless clamped.
 */
export function interpolate(
  value: number,
  inputRange: readonly number[],
  outputRange: readonly number[],
  options: InterpolateOptions = {},
): number {
  assertRanges(inputRange, outputRange);
  if (Number.isNaN(value)) throw new RangeError('interpolate(): value is NaN');
  let i = 1;
  while (i < inputRange.length - 1 && value >= inputRange[i]!) i++;
  return segment(
    value,
    [inputRange[i - 1]!, inputRange[i]!],
    [outputRange[i - 1]!, outputRange[i]!],
    options,
  );
}
