import { describe, expect, it } from 'vitest';
import { Easing } from './easing.ts';
import { interpolate } from './interpolate.ts';
import { interpolateTranslate } from './translate.ts';

// Remotion 4.0.472 added interpolateTranslate(); templates written for 4.0.529 import it.
describe('interpolateTranslate()', () => {
  it("maps onto CSS translate values in px, each axis as interpolate() maps it (the docs' example)", () => {
    expect(interpolateTranslate(15, [0, 30], ['0px 59px', '100px 0px'])).toBe('50px 29.5px');
    expect(interpolateTranslate(0, [0, 30], ['0px 59px', '100px 0px'])).toBe('0px 59px');
    expect(interpolateTranslate(30, [0, 30], ['0px 59px', '100px 0px'])).toBe('100px 0px');
  });

  it('takes one, two or three values, negative and fractional ones, over several keyframes', () => {
    expect(interpolateTranslate(5, [0, 10], ['-20px', '20px'])).toBe('0px');
    expect(interpolateTranslate(15, [0, 10, 20], ['0px 0px 0px', '10px 20px 30px', '0px 0px 0px'])).toBe('5px 10px 15px');
    expect(interpolateTranslate(1, [0, 4], ['.5px 0px', '2.5px 0px'])).toBe('1px 0px');
  });

  it("applies interpolate()'s options to every axis: easing, extrapolation, posterize", () => {
    const options = { easing: Easing.inOut(Easing.cubic), extrapolateRight: 'clamp' as const, posterize: 2 };
    for (const frame of [-10, 0, 3, 7, 12, 40]) {
      const x = interpolate(frame, [0, 30], [0, 300], options);
      const y = interpolate(frame, [0, 30], [-50, 50], options);
      expect(interpolateTranslate(frame, [0, 30], ['0px -50px', '300px 50px'], options)).toBe(`${x}px ${y}px`);
    }
  });

  it('returns the only value when given one keyframe', () => {
    expect(interpolateTranslate(99, [0], ['12px 4px'])).toBe('12px 4px');
  });

  it.each([
    [['0%', '100%'], /only px/],
    [['0rem', '1rem'], /only px/],
    [['0', '10'], /only px/],
    [['0px 0px', '10px'], /same number of values/],
    [['0px 0px 0px 0px', '1px 1px 1px 1px'], /1 to 3/],
    [['', '10px'], /1 to 3/],
  ])('refuses %o', (outputRange, message) => {
    expect(() => interpolateTranslate(0, [0, 1], outputRange)).toThrow(message);
  });

  it('refuses ranges of different lengths or an empty range', () => {
    expect(() => interpolateTranslate(0, [0, 1], ['0px'])).toThrow(/same length/);
    expect(() => interpolateTranslate(0, [], [])).toThrow(/at least one/);
  });
});
