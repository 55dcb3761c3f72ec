import { describe, expect, it } from 'vitest';
import { Easing } from './easing.ts';
import { interpolate } from './interpolate.ts';

describe('interpolate', () => {
  it.each([
    { value: 0, input: [0, 10], output: [0, 100], expected: 0 },
    { value: 5, input: [0, 10], output: [0, 100], expected: 50 },
    { value: 10, input: [0, 10], output: [100, 0], expected: 0 },
    { value: 15, input: [0, 10, 20], output: [0, 100, 0], expected: 50 },
    { value: -5, input: [0, 10], output: [0, 100], expected: -50 },
    { value: 20, input: [0, 10], output: [0, 100], expected: 200 },
    { value: 3, input: [0, 10], output: [7, 7], expected: 7 },
  ])('maps $value over $input → $output to $expected', ({ value, input, output, expected }) => {
    expect(interpolate(value, input, output)).toBeCloseTo(expected, 10);
  });

  it('clamps and passes through when asked', () => {
    expect(interpolate(-5, [0, 10], [0, 100], { extrapolateLeft: 'clamp' })).toBe(0);
    expect(interpolate(20, [0, 10], [0, 100], { extrapolateRight: 'clamp' })).toBe(100);
    expect(interpolate(20, [0, 10], [0, 100], { extrapolateRight: 'identity' })).toBe(20);
  });

  it('applies easing inside the segment', () => {
    expect(interpolate(5, [0, 10], [0, 100], { easing: Easing.quad })).toBeCloseTo(25, 10);
    expect(interpolate(5, [0, 10], [0, 100], { easing: Easing.out(Easing.quad) })).toBeCloseTo(75, 10);
  });

  it.each([
    { input: [0], output: [0], message: /at least 2/ },
    { input: [0, 1], output: [0], message: /same length/ },
    { input: [0, 0], output: [0, 1], message: /strictly increasing/ },
    { input: [0, 1], output: [0, Number.NaN], message: /finite/ },
  ])('rejects bad ranges ($input, $output)', ({ input, output, message }) => {
    expect(() => interpolate(0, input, output)).toThrow(message);
  });
});

describe('Easing', () => {
  it.each(Object.entries({ linear: Easing.linear, quad: Easing.quad, cubic: Easing.cubic, sin: Easing.sin, circle: Easing.circle, exp: Easing.exp, bounce: Easing.bounce, ease: Easing.ease }))(
    '%s starts at 0 and ends at 1',
    (_name, easing) => {
      expect(easing(0)).toBeCloseTo(0, 3);
      expect(easing(1)).toBeCloseTo(1, 3);
    },
  );

  it('bezier(0.42, 0, 0.58, 1) is symmetric around the middle', () => {
    const e = Easing.bezier(0.42, 0, 0.58, 1);
    expect(e(0.5)).toBeCloseTo(0.5, 4);
    expect(e(0.25) + e(0.75)).toBeCloseTo(1, 4);
  });

  it('inOut mirrors the curve', () => {
    const e = Easing.inOut(Easing.cubic);
    expect(e(0.25)).toBeCloseTo(0.0625, 6);
    expect(e(0.75)).toBeCloseTo(0.9375, 6);
  });
});
