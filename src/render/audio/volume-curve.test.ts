import { describe, expect, it } from 'vitest';
import { simplifyCurve, volumeFilter } from './volume-curve.ts';

const ramp = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ t: i / 30, v: f(i) }));

describe('simplifyCurve', () => {
  it.each([
    ['a constant becomes one point', ramp(90, () => 0.5), 1],
    ['a linear fade becomes two points', ramp(31, (i) => i / 30), 2],
    ['a fade in then hold becomes three points', ramp(60, (i) => Math.min(1, i / 30)), 3],
    ['two equal points become one', ramp(2, () => 1), 1],
    ['a single point stays', ramp(1, () => 0.2), 1],
  ])('%s', (_name, points, expected) => {
    expect(simplifyCurve(points)).toHaveLength(expected);
  });
});

describe('volumeFilter', () => {
  it.each([
    ['unity is no filter', ramp(10, () => 1), undefined],
    ['a constant is a plain gain', ramp(10, () => 0.5), 'volume=0.5'],
    ['silence is a plain gain', ramp(10, () => 0), 'volume=0'],
    ['a fade is a ramp then a hold', ramp(31, (i) => i / 30), "volume='lt(t,1)*(0+(t-0)*1)+gte(t,1)*1':eval=frame"],
    [
      'a step ramps over one frame',
      [{ t: 0, v: 0 }, { t: 1, v: 0 }, { t: 1.5, v: 1 }],
      "volume='lt(t,1)*0+gte(t,1)*lt(t,1.5)*(0+(t-1)*2)+gte(t,1.5)*1':eval=frame",
    ],
  ])('%s', (_name, points, expected) => {
    expect(volumeFilter(points)).toBe(expected);
  });
});
