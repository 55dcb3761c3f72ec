import { describe, expect, it } from 'vitest';
import { interpolateColors, parseColor } from './colors.ts';
import { random } from './random.ts';

describe('parseColor', () => {
  it.each([
    ['#fff', [255, 255, 255, 1]],
    ['#ff000080', [255, 0, 0, 128 / 255]],
    ['#112233', [17, 34, 51, 1]],
    ['rgb(1, 2, 3)', [1, 2, 3, 1]],
    ['rgba(1,2,3,0.5)', [1, 2, 3, 0.5]],
    ['hsl(120, 100%, 50%)', [0, 255, 0, 1]],
    ['transparent', [0, 0, 0, 0]],
  ] as const)('%s', (text, expected) => {
    const c = parseColor(text);
    c.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 3));
  });

  it('rejects what it cannot read', () => {
    expect(() => parseColor('not-a-colour')).toThrow(/Cannot parse colour "not-a-colour"/);
  });
});

describe('interpolateColors', () => {
  it('blends in RGBA and clamps at the ends', () => {
    expect(interpolateColors(5, [0, 10], ['#000000', '#ffffff'])).toBe('rgba(128, 128, 128, 1)');
    expect(interpolateColors(-3, [0, 10], ['red', 'blue'])).toBe('rgba(255, 0, 0, 1)');
    expect(interpolateColors(99, [0, 10], ['red', 'rgba(0,0,255,0)'])).toBe('rgba(0, 0, 255, 0)');
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
  });
});
