import { interpolate } from './interpolate.ts';

type Rgba = [number, number, number, number];

const NAMED: Record<string, Rgba> = {
  transparent: [0, 0, 0, 0],
  black: [0, 0, 0, 1],
  white: [255, 255, 255, 1],
  red: [255, 0, 0, 1],
  green: [0, 128, 0, 1],
  lime: [0, 255, 0, 1],
  blue: [0, 0, 255, 1],
  yellow: [255, 255, 0, 1],
  cyan: [0, 255, 255, 1],
  magenta: [255, 0, 255, 1],
  orange: [255, 165, 0, 1],
  purple: [128, 0, 128, 1],
  gray: [128, 128, 128, 1],
  grey: [128, 128, 128, 1],
};

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

/** Parses #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(a)(), hsl(a)() and a few names. */
export function parseColor(input: string): Rgba {
  const color = input.trim().toLowerCase();
  const named = NAMED[color];
  if (named) return [...named];
  const hex = /^#([0-9a-f]{3,8})$/.exec(color)?.[1];
  if (hex && [3, 4, 6, 8].includes(hex.length)) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const n = (i: number) => parseInt(full.slice(i * 2, i * 2 + 2), 16);
    return [n(0), n(1), n(2), full.length === 8 ? n(3) / 255 : 1];
  }
  const fn = /^(rgba?|hsla?)\(([^)]*)\)$/.exec(color);
  if (fn) {
    const parts = fn[2]!.split(/[\s,/]+/).filter(Boolean);
    const num = (i: number, scale: number) => {
      const p = parts[i];
      if (p === undefined) return undefined;
      return p.endsWith('%') ? (parseFloat(p) / 100) * scale : parseFloat(p);
    };
    const alpha = num(3, 1) ?? 1;
    if (fn[1]!.startsWith('rgb')) {
      const [r, g, b] = [num(0, 255), num(1, 255), num(2, 255)];
      if (r !== undefined && g !== undefined && b !== undefined && ![r, g, b, alpha].some(Number.isNaN)) return [r, g, b, alpha];
    } else {
      const [h, s, l] = [num(0, 360), num(1, 1), num(2, 1)];
      if (h !== undefined && s !== undefined && l !== undefined && ![h, s, l, alpha].some(Number.isNaN)) {
        return [...hslToRgb(((h % 360) + 360) % 360, s, l), alpha];
      }
    }
  }
  throw new RangeError(`Cannot parse colour "${input}"`);
}

/** Interpolates between colours in RGBA space; returns `rgba(r, g, b, a)`. */
export function interpolateColors(value: number, inputRange: readonly number[], outputColors: readonly string[]): string {
  if (inputRange.length !== outputColors.length) {
    throw new RangeError(
      `interpolateColors(): inputRange (${inputRange.length}) and outputColors (${outputColors.length}) must have the same length`,
    );
  }
  const parsed = outputColors.map(parseColor);
  const channel = (i: number) =>
    interpolate(value, inputRange, parsed.map((c) => c[i]!), { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' });
  const [r, g, b] = [0, 1, 2].map((i) => Math.round(channel(i)));
  const a = Math.round(channel(3) * 1000) / 1000;
  return `rgba(${r}, ${g}, ${b}, ${a})`;
}
