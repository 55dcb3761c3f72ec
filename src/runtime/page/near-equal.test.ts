import { describe, expect, it } from 'vitest';
import { nearlyEqual } from './near-equal.ts';

describe('nearlyEqual: the same text, numbers equal as 32-bit floats', () => {
  it.each([
    // A settling spring: both round to the float 0.99999994.
    ['scale(0.9999999569)', 'scale(0.99999996798)', true],
    // 0.99999996 rounds to 0.99999994, 0.99999998 to 1: Chromium draws these differently.
    ['scale(0.99999996)', 'scale(0.99999998)', false],
    ['scale(0.99999999)', 'scale(0.999999999)', true],
    // An exact integer is never close to a fraction: 1 may mean no transform at all.
    ['scale(1)', 'scale(0.999999999)', false],
    ['scale(0.99999)', 'scale(0.999999)', false],
    ['translateY(2.6e-8px)', 'translateY(1.9e-8px)', false],
    ['translateY(0.001px)', 'translateY(0.002px)', false],
    ['left: 1234.5625000001px', 'left: 1234.5625px', true],
    ['left: 1234.5625000001px', 'left: 1234px', false],
    ['left: 1234.5625000001px', 'left: 1234.5625000002px', true],
    ['rgba(255, 255, 255, 0.5000000002)', 'rgba(255, 255, 255, 0.5000000001)', true],
    ['rgb(10, 20, 30)', 'rgb(10, 20, 31)', false],
    ['#12345678', '#12345679', false],
    ['url(img12.png)', 'url(img13.png)', false],
    ['scale(0.5)', 'scale(0.5) rotate(0.0000000001deg)', false],
    ['0.5px', '0.5em', false],
    ['auto', 'none', false],
    ['', '0', false],
    ['M 0 0 L 10.50000001 5', 'M 0 0 L 10.50000002 5', true],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(nearlyEqual(a, b)).toBe(expected);
    expect(nearlyEqual(b, a)).toBe(expected);
  });
});
