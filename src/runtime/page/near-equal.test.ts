import { describe, expect, it } from 'vitest';
import { nearlyEqual, paintsSame } from './near-equal.ts';

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

describe('paintsSame: alpha and transforms too close to move a pixel', () => {
  const extent = 1920;
  it.each([
    // A spring's tail on a transform: 1/4096 px or less apart, either side of zero.
    ['transform', 'translateY(4.1e-5px)', 'translateY(-1.2e-5px)', true],
    ['transform', 'translateY(0.0002px)', 'translateY(0.0001px)', true],
    ['transform', 'translateY(0.001px)', 'translateY(0.002px)', false],
    // Zero is no transform at all: never close to a fraction.
    ['transform', 'translateY(0px)', 'translateY(1e-9px)', false],
    ['transform', 'translateX(-1e-5px) rotate(-4e-7deg)', 'translateX(-2e-6px) rotate(-8e-8deg)', true],
    // A turn of 1e-5 deg moves a point 1920 px away by 3.4e-4 px: too much.
    ['transform', 'rotate(2e-5deg)', 'rotate(1e-5deg)', false],
    ['rotate', '2e-7rad', '1e-7rad', true],
    ['rotate', '3e-7rad', '1e-7rad', false],
    // Factors: 1.2e-7 apart moves a point 1920 px away by 2.3e-4 px; 1e-6 by 0.002 px.
    ['transform', 'scale(0.99999950)', 'scale(0.99999962)', true],
    ['transform', 'scale(0.999999)', 'scale(0.999998)', false],
    // 0.99999996 rounds to 0.99999994 as a float, 0.99999998 to 1: another drawing path.
    ['transform', 'scale(0.99999996)', 'scale(0.99999998)', false],
    ['scale', '1.00000001 0.5', '1.00000002 0.5', true],
    ['transform', 'translateY(1e-5em)', 'translateY(2e-5em)', false],
    ['transform', 'translateY(1e-5%)', 'translateY(2e-5%)', false],
    ['transform', 'translateY(1e-5px)', 'translateX(1e-5px)', false],
    ['opacity', '0.9999991', '0.9999997', true],
    ['opacity', '0.9995', '0.9999', true],
    ['opacity', '0.998', '0.999', false],
    ['opacity', '1', '0.9999999', false],
    ['opacity', '0', '0.0000001', false],
    ['fill-opacity', '0.50001', '0.50002', true],
    // Layout lengths are snapped to pixels: only float-equal counts.
    ['height', '412.00001px', '412.00002px', false],
    ['left', '10.4999px', '10.5001px', false],
    ['color', 'rgba(0, 0, 0, 0.50001)', 'rgba(0, 0, 0, 0.50002)', false],
  ])('%s: %s vs %s → %s', (property, a, b, expected) => {
    expect(paintsSame(property, a, b, extent)).toBe(expected);
    expect(paintsSame(property, b, a, extent)).toBe(expected);
  });

  it('a larger frame makes turns and factors count sooner', () => {
    expect(paintsSame('transform', 'scale(0.99999950)', 'scale(0.99999962)', 1920)).toBe(true);
    expect(paintsSame('transform', 'scale(0.99999950)', 'scale(0.99999962)', 7680)).toBe(false);
  });
});
