import { describe, expect, it } from 'vitest';
import { interpolateColors, parseColor } from './colors.ts';
import { Easing } from './easing.ts';
import { random } from './random.ts';

describe('parseColor', () => {
  it.each([
    ['#fff', [255, 255, 255, 1]],
    ['#ff000080', [255, 0, 0, 128 / 255]],
    ['#1234', [17, 34, 51, 68 / 255]],
    ['#112233', [17, 34, 51, 1]],
    ['rgb(1, 2, 3)', [1, 2, 3, 1]],
    ['rgba(1,2,3,0.5)', [1, 2, 3, 128 / 255]],
    ['rgb(1 2 3 / 25%)', [1, 2, 3, 64 / 255]],
    ['rgb(100% 50% 0%)', [255, 128, 0, 1]],
    ['hsl(120, 100%, 50%)', [0, 255, 0, 1]],
    ['hsl(120deg 100% 25% / 0.5)', [0, 128, 0, 128 / 255]],
    ['hwb(120 10% 20%)', [26, 204, 26, 1]],
    ['lab(50% 40 59.5)', [191, 87, 0, 1]],
    ['oklch(0.7 0.1 200)', [64, 177, 183, 1]],
    ['color(srgb 1 0.5 0)', [255, 128, 0, 1]],
    ['color(display-p3 1 0 0)', [255, 0, 0, 1]],
    ['transparent', [0, 0, 0, 0]],
    ['  Tomato ', [255, 99, 71, 1]],
    ['rebeccapurple', [102, 51, 153, 1]],
    ['navy', [0, 0, 128, 1]],
    ['lightgoldenrodyellow', [250, 250, 210, 1]],
  ] as const)('%s', (text, expected) => {
    const c = parseColor(text);
    expect(c.slice(0, 3)).toEqual(expected.slice(0, 3));
    expect(c[3]).toBeCloseTo(expected[3], 12);
  });

  it('reads the polar forms as their rectangular twins (lch = lab, oklch = oklab)', () => {
    const rad = (deg: number) => (deg * Math.PI) / 180;
    for (const [l, c, h] of [[0.7, 0.1, 200], [0.5, 0.2, 30], [0.9, 0.05, 300]] as const) {
      const [a, b] = [c * Math.cos(rad(h)), c * Math.sin(rad(h))];
      expect(parseColor(`oklch(${l} ${c} ${h})`)).toEqual(parseColor(`oklab(${l} ${a} ${b})`));
      expect(parseColor(`lch(${l * 100}% ${c * 300} ${h})`)).toEqual(parseColor(`lab(${l * 100}% ${a * 300} ${b * 300})`));
    }
    expect(parseColor('oklab(0.7 -0.0939692620786 -0.0342020143326)').slice(0, 3)).toEqual([64, 177, 183]);
  });

  it.each(['not-a-colour', '#12345', 'rgb(1, 2)', 'currentcolor', ''])('rejects %j', (text) => {
    expect(() => parseColor(text)).toThrow(/Cannot parse colour/);
  });
});

describe('interpolateColors', () => {
  it('interpolates 8-bit channels on a dense grid, rounding r/g/b and giving alpha to 3 decimals', () => {
    for (let i = 0; i <= 200; i++) {
      const x = -10 + i * 0.6;
      const t = Math.min(1, Math.max(0, x / 100));
      const r = Math.round(255 + t * (10 - 255));
      const g = Math.round(0 + t * 200);
      const a = Math.round(((255 + t * (64 - 255)) / 255) * 1000) / 1000;
      expect(interpolateColors(x, [0, 100], ['red', 'rgba(10, 200, 0, 0.25)'])).toBe(`rgba(${r}, ${g}, 0, ${a})`);
    }
  });

  it('clamps at the ends and handles several stops', () => {
    expect(interpolateColors(-3, [0, 10], ['red', 'blue'])).toBe('rgba(255, 0, 0, 1)');
    expect(interpolateColors(99, [0, 10], ['red', 'rgba(0,0,255,0)'])).toBe('rgba(0, 0, 255, 0)');
    expect(interpolateColors(15, [0, 10, 20], ['#000', '#fff', '#000'])).toBe('rgba(128, 128, 128, 1)');
  });

  it('takes easing (one or per segment) and posterize, like interpolate', () => {
    expect(interpolateColors(5, [0, 10], ['#000', '#fff'], { easing: Easing.quad })).toBe('rgba(64, 64, 64, 1)');
    expect(interpolateColors(15, [0, 10, 20], ['#000', '#fff', '#000'], { easing: [Easing.linear, Easing.quad] })).toBe(
      'rgba(191, 191, 191, 1)',
    );
    expect(interpolateColors(5, [0, 10], ['#000', '#fff'], { posterize: 4 })).toBe('rgba(102, 102, 102, 1)');
  });

  it('rejects mismatched ranges', () => {
    expect(() => interpolateColors(0, [0, 1], ['red'])).toThrow(/same length/);
  });
});

describe('random', () => {
  it('is deterministic, in [0, 1), and spreads nearby seeds', () => {
    expect(random('a')).toBe(random('a'));
    const values = Array.from({ length: 1000 }, (_, i) => random(i));
    for (const v of values) expect(v >= 0 && v < 1).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(new Set(values).size).toBe(1000);
    expect(random(0.5)).not.toBe(random(0.6));
  });

  it('gives a string seed the same number as its 32-bit hash (31·h + c)', () => {
    // "Aa" and "BB" share the Java string hash, so they share a value.
    expect(random('Aa')).toBe(random('BB'));
    expect(random('')).toBe(random(0));
  });

  it('null opts out of determinism; other seeds are refused', () => {
    expect(random(null)).toBeGreaterThanOrEqual(0);
    expect(random(Number.NaN)).toBe(random(Number.NaN));
    expect(() => random({} as unknown as string)).toThrow(/seed/);
  });
});
