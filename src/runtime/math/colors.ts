import { converter, parse } from 'culori';
import type { EasingFunction } from './easing.ts';
import { interpolate } from './interpolate.ts';

/** A colour as 8-bit channels: r, g, b in 0–255 (integers) and alpha in 0–1 (a multiple of 1/255). */
export type Rgba = [number, number, number, number];

export interface InterpolateColorsOptions {
  /** One easing for every segment, or one per segment. @defaultValue linear */
  easing?: EasingFunction | readonly EasingFunction[];
  /** Quantise the input to steps of this size first (see `interpolate`). */
  posterize?: number;
}

const toRgb = converter('rgb');
const byte = (unit: number) => Math.round(Math.min(1, Math.max(0, unit)) * 255);

/**
 * Reads any CSS colour a browser reads — names (all 148 and `transparent`), `#rgb[a]`,
 * `#rrggbb[aa]`, `rgb[a]()`, `hsl[a]()`, `hwb()`, `lab()`, `lch()`, `oklab()`, `oklch()`,
 * `color()` — in legacy comma or modern space/slash syntax, into 8-bit sRGB. Colours outside
 * sRGB are clipped per channel; channels and alpha are rounded to 8 bits, as Remotion does, so
 * `rgba(0, 0, 255, 0.5)` carries alpha 128/255.
 */
export function parseColor(input: string): Rgba {
  const [r, g, b, alpha] = parseBytes(input);
  return [r, g, b, alpha / 255];
}

/** r, g, b and alpha as integers 0–255: what interpolateColors blends. */
function parseBytes(input: string): Rgba {
  const parsed = typeof input === 'string' ? parse(input.trim()) : undefined;
  const rgb = parsed && toRgb(parsed);
  if (!rgb || [rgb.r, rgb.g, rgb.b].some((v) => Number.isNaN(v))) {
    throw new RangeError(`Cannot parse colour "${String(input)}": use a CSS colour such as "#ff0080", "rgb(255 0 128)", "oklch(0.7 0.1 200)" or "tomato"`);
  }
  return [byte(rgb.r), byte(rgb.g), byte(rgb.b), byte(rgb.alpha ?? 1)];
}

/**
 * Maps `input` onto colours the way `interpolate` maps onto numbers: each 8-bit channel is
 * interpolated (clamped at the ends), then r, g, b are rounded and alpha is given to 3 decimals.
 * Returns `rgba(r, g, b, a)`.
 */
export function interpolateColors(
  input: number,
  inputRange: readonly number[],
  outputRange: readonly string[],
  options: InterpolateColorsOptions = {},
): string {
  if (!Array.isArray(outputRange) || inputRange.length !== outputRange.length) {
    throw new RangeError(
      `interpolateColors(): inputRange (${inputRange.length}) and outputRange (${Array.isArray(outputRange) ? outputRange.length : String(outputRange)}) must have the same length`,
    );
  }
  const colors = outputRange.map(parseBytes);
  const channel = (i: number) =>
    interpolate(input, inputRange, colors.map((c) => c[i]!), {
      ...options,
      extrapolateLeft: 'clamp',
      extrapolateRight: 'clamp',
    });
  const [r, g, b] = [0, 1, 2].map((i) => Math.round(channel(i)));
  const alpha = Math.round((channel(3) / 255) * 1000) / 1000;
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
