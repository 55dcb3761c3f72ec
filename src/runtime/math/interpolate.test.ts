import { describe, expect, it } from 'vitest';
import { Easing, type EasingFunction } from './easing.ts';
import { interpolate } from './interpolate.ts';

const grid = Array.from({ length: 401 }, (_, i) => -100 + i * 0.75);

describe('interpolate', () => {
  it('is the straight line through the segment on a dense grid (extend by default)', () => {
    for (const x of grid) {
      expect(interpolate(x, [10, 50], [-3, 7])).toBeCloseTo(-3 + ((x - 10) / 40) * 10, 9);
    }
  });

  it('picks the segment per input, interior points belonging to the left segment', () => {
    const input = [0, 10, 30, 60];
    const output = [0, 100, 50, 50.5];
    for (const x of grid) {
      const i = x <= 10 ? 0 : x <= 30 ? 1 : 2;
      const t = (x - input[i]!) / (input[i + 1]! - input[i]!);
      expect(interpolate(x, input, output)).toBeCloseTo(output[i]! + t * (output[i + 1]! - output[i]!), 9);
    }
  });

  it('clamps, returns the input (identity) or extends, per side', () => {
    for (const x of grid) {
      const inside = x >= 0 && x <= 20;
      expect(interpolate(x, [0, 20], [5, 9], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' })).toBeCloseTo(
        inside ? 5 + (x / 20) * 4 : x < 0 ? 5 : 9,
        9,
      );
      expect(interpolate(x, [0, 20], [5, 9], { extrapolateLeft: 'identity', extrapolateRight: 'identity' })).toBeCloseTo(
        inside ? 5 + (x / 20) * 4 : x,
        9,
      );
    }
  });

  it('wrap repeats the nearest segment on both sides', () => {
    for (const x of grid) {
      const inside = x >= 10 && x <= 50 ? x : ((((x - 10) % 40) + 40) % 40) + 10;
      expect(interpolate(x, [10, 50], [0, 1], { extrapolateLeft: 'wrap', extrapolateRight: 'wrap' })).toBeCloseTo((inside - 10) / 40, 9);
    }
    // Past the last point of a multi-point range, the last segment repeats.
    expect(interpolate(75, [0, 10, 30], [0, 1, 0], { extrapolateRight: 'wrap' })).toBeCloseTo(interpolate(15, [0, 10, 30], [0, 1, 0]), 12);
    // One side wraps, the other still extends.
    expect(interpolate(-10, [0, 10], [0, 1], { extrapolateRight: 'wrap' })).toBe(-1);
  });

  it('applies the easing to the (extrapolated) progress', () => {
    for (const x of grid) {
      const t = (x - 0) / 30;
      expect(interpolate(x, [0, 30], [0, 1], { easing: Easing.exp })).toBeCloseTo(Math.pow(2, 10 * (t - 1)), 9);
      expect(interpolate(x, [0, 30], [2, 4], { easing: Easing.quad })).toBeCloseTo(2 + 2 * t * t, 9);
    }
  });

  it('takes one easing per segment', () => {
    const easings: EasingFunction[] = [Easing.quad, Easing.linear, Easing.out(Easing.cubic)];
    const input = [0, 10, 20, 40];
    const output = [0, 1, 2, 0];
    for (const x of grid) {
      const i = x <= 10 ? 0 : x <= 20 ? 1 : 2;
      const t = easings[i]!((x - input[i]!) / (input[i + 1]! - input[i]!));
      expect(interpolate(x, input, output, { easing: easings })).toBeCloseTo(output[i]! + t * (output[i + 1]! - output[i]!), 9);
    }
    expect(() => interpolate(0, input, output, { easing: [Easing.quad] })).toThrow(/array of 3 functions/);
  });

  it('posterize quantises the input to steps before mapping', () => {
    for (const x of grid) {
      const step = Math.floor(x / 3) * 3;
      expect(interpolate(x, [0, 60], [-200, 200], { posterize: 3 })).toBeCloseTo(-200 + (step / 60) * 400, 9);
    }
    expect(interpolate(2.9, [0, 60], [0, 60], { posterize: 3 })).toBe(0);
    expect(interpolate(3, [0, 60], [0, 60], { posterize: 3 })).toBe(3);
    expect(() => interpolate(3, [0, 60], [0, 60], { posterize: 0 })).toThrow(/posterize/);
  });

  it('returns the output value when a segment is flat, whatever the easing', () => {
    expect(interpolate(3, [0, 10], [7, 7], { easing: Easing.bounce })).toBe(7);
  });

  it.each([
    { input: [0], output: [0], message: 'inputRange must have at least 2 elements' },
    { input: [0, 1], output: [0], message: 'inputRange (2) and outputRange (1) must have the same length' },
    { input: [0, 0], output: [0, 1], message: 'inputRange must be strictly monotonically increasing but got [0,0]' },
    { input: [0, 5, 3], output: [0, 1, 2], message: 'inputRange must be strictly monotonically increasing but got [0,5,3]' },
    { input: [0, Infinity], output: [0, 1], message: 'inputRange must contain only finite numbers, but got [0,Infinity]' },
    { input: [0, 1], output: [0, Number.NaN], message: 'outputRange must contain only finite numbers, but got [0,NaN]' },
  ])('rejects bad ranges with Remotion\'s words: $message', ({ input, output, message }) => {
    expect(() => interpolate(0, input, output)).toThrow(new Error(message));
  });

  it('rejects an unknown extrapolation and an input that is not a number', () => {
    expect(() => interpolate(0, [0, 1], [0, 1], { extrapolateLeft: 'mirror' as 'clamp' })).toThrow(/extrapolateLeft/);
    expect(() => interpolate('5' as unknown as number, [0, 1], [0, 1])).toThrow(TypeError);
    expect(() => interpolate('5' as unknown as number, [0, 1], [0, 1])).toThrow(/^Cannot interpolate an input which is not a number/);
    expect(() => interpolate(undefined as unknown as number, [0, 1], [0, 1])).toThrow('input can not be undefined');
  });

  it('lets NaN through as NaN, as Remotion does, even where the last segment is flat', () => {
    expect(interpolate(Number.NaN, [0, 1], [0, 1])).toBeNaN();
    expect(interpolate(Number.NaN, [0, 1, 2], [5, 5, 7])).toBeNaN();
    expect(interpolate(Number.NaN, [0, 1, 2], [5, 7, 7])).toBe(7);
  });
});

describe('Easing', () => {
  const ts = Array.from({ length: 301 }, (_, i) => -1 + i / 100);

  it('matches the closed forms on a dense grid, inside and outside [0, 1]', () => {
    const clamp = (t: number) => Math.min(1, Math.max(0, t));
    for (const t of ts) {
      expect(Easing.linear(t)).toBe(t);
      expect(Easing.quad(t)).toBeCloseTo(t * t, 12);
      expect(Easing.cubic(t)).toBeCloseTo(t ** 3, 12);
      expect(Easing.poly(5)(t)).toBeCloseTo(t ** 5, 12);
      expect(Easing.sin(t)).toBeCloseTo(1 - Math.cos((t * Math.PI) / 2), 12);
      expect(Easing.exp(t)).toBeCloseTo(2 ** (10 * (t - 1)), 12);
      expect(Easing.circle(t)).toBeCloseTo(1 - Math.sqrt(1 - clamp(t) ** 2), 12);
      expect(Easing.back(2)(t)).toBeCloseTo(t * t * (3 * t - 2), 12);
      expect(Easing.elastic(2)(t)).toBeCloseTo(1 - Math.cos((t * Math.PI) / 2) ** 3 * Math.cos(t * 2 * Math.PI), 12);
      expect(Easing.step0(t)).toBe(t > 0 ? 1 : 0);
      expect(Easing.step1(t)).toBe(t >= 1 ? 1 : 0);
      expect(Easing.out(Easing.quad)(t)).toBeCloseTo(1 - (1 - t) ** 2, 12);
      expect(Easing.in(Easing.cubic)(t)).toBe(Easing.cubic(t));
      expect(Easing.inOut(Easing.quad)(t)).toBeCloseTo(t < 0.5 ? 2 * t * t : 1 - 2 * (1 - t) ** 2, 12);
    }
  });

  it('bounce is continuous, starts at 0, ends at 1 and holds outside [0, 1]', () => {
    for (const t of ts) {
      const value = Easing.bounce(t);
      if (t <= 0) expect(value).toBe(0);
      if (t >= 1) expect(value).toBeCloseTo(1, 12);
      expect(Math.abs(Easing.bounce(t + 1e-7) - value)).toBeLessThan(1e-5);
    }
  });

  it('bezier solves x(s) = t and returns y(s) on a dense grid', () => {
    const curves = [
      [0.42, 0, 0.58, 1],
      [0.25, 0.1, 0.25, 1],
      [0.68, -0.6, 0.32, 1.6],
      [0.1, 0.9, 0.2, 1],
    ] as const;
    for (const [x1, y1, x2, y2] of curves) {
      const e = Easing.bezier(x1, y1, x2, y2);
      const at = (p1: number, p2: number, s: number) => 3 * p1 * s * (1 - s) ** 2 + 3 * p2 * s * s * (1 - s) + s ** 3;
      for (let s = 0.01; s < 1; s += 0.01) {
        expect(e(at(x1, x2, s))).toBeCloseTo(at(y1, y2, s), 6);
      }
      expect(e(-0.5)).toBe(0);
      expect(e(0)).toBe(0);
      expect(e(1)).toBe(1);
      expect(e(1.5)).toBe(1);
    }
    expect(Easing.ease(0.3)).toBe(Easing.bezier(0.42, 0, 1, 1)(0.3));
    expect(() => Easing.bezier(1.2, 0, 0, 1)).toThrow(/x1/);
    expect(() => Easing.bezier(0, 0, -0.1, 1)).toThrow(/x2/);
  });
});
