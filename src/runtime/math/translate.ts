import { interpolate, type InterpolateOptions } from './interpolate.ts';

export type InterpolateTranslateOptions = InterpolateOptions;

/** A px length as CSS writes it: `10px`, `-2.5px`, `.5px`, `+3px`. */
const PX = /^[+-]?(\d+\.?\d*|\.\d+)px$/;

function parseTranslate(value: unknown): number[] {
  if (typeof value !== 'string') throw new TypeError(`interpolateTranslate(): outputRange must contain only strings, got ${typeof value}`);
  const parts = value.trim() === '' ? [] : value.trim().split(/\s+/);
  if (parts.length < 1 || parts.length > 3) {
    throw new TypeError(`interpolateTranslate(): a translate value has 1 to 3 px values (x, y, z), got "${value}"`);
  }
  return parts.map((part) => {
    if (!PX.test(part)) throw new TypeError(`interpolateTranslate(): only px values are supported, got "${part}" in "${value}"`);
    return Number.parseFloat(part);
  });
}

/**
 * Maps `input` onto CSS `translate` values (`'0px 59px'` → `'100px 0px'`), each axis as
 * `interpolate()` maps numbers, with the same options. Remotion's function of the same name:
 * values are 1–3 px lengths, all with the same count; one keyframe gives its value for every input.
 */
export function interpolateTranslate(
  input: number,
  inputRange: readonly number[],
  outputRange: readonly string[],
  options: InterpolateTranslateOptions = {},
): string {
  if (!Array.isArray(inputRange) || !Array.isArray(outputRange) || inputRange.length !== outputRange.length) {
    throw new TypeError(
      `interpolateTranslate(): inputRange (${Array.isArray(inputRange) ? inputRange.length : String(inputRange)}) and outputRange (${Array.isArray(outputRange) ? outputRange.length : String(outputRange)}) must have the same length`,
    );
  }
  if (outputRange.length === 0) throw new TypeError('interpolateTranslate(): the ranges need at least one translate value');
  const values = outputRange.map(parseTranslate);
  const axes = values[0]!.length;
  if (values.some((v) => v.length !== axes)) {
    throw new TypeError(`interpolateTranslate(): every translate value must have the same number of values, got [${outputRange.map((v) => `"${v}"`).join(', ')}]`);
  }
  // One keyframe: nothing to move between (interpolate() needs two points).
  if (values.length === 1) return outputRange[0]!;
  return values[0]!.map((_, axis) => `${interpolate(input, inputRange, values.map((v) => v[axis]!), options)}px`).join(' ');
}
