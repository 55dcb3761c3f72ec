import { describe, expect, it } from 'vitest';
import { measureSpring, spring } from './spring.ts';

describe('spring', () => {
  it('starts at from and settles at to', () => {
    expect(spring({ frame: 0, fps: 30 })).toBe(0);
    expect(spring({ frame: 300, fps: 30 })).toBeCloseTo(1, 4);
    expect(spring({ frame: 300, fps: 30, from: 10, to: -5 })).toBeCloseTo(-5, 3);
  });

  it('overshoots when underdamped and not when clamped', () => {
    const values = Array.from({ length: 60 }, (_, f) => spring({ frame: f, fps: 30, config: { damping: 5 } }));
    expect(Math.max(...values)).toBeGreaterThan(1.1);
    const clamped = Array.from({ length: 60 }, (_, f) => spring({ frame: f, fps: 30, config: { damping: 5, overshootClamping: true } }));
    expect(Math.max(...clamped)).toBeLessThanOrEqual(1);
  });

  it.each([{ damping: 20 }, { damping: 2 * Math.sqrt(100) }, { damping: 40 }])('is monotonic when not underdamped (%o)', (config) => {
    const values = Array.from({ length: 90 }, (_, f) => spring({ frame: f, fps: 30, config }));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]! - 1e-12);
    expect(values.at(-1)!).toBeCloseTo(1, 2);
  });

  it('waits for delay and stretches to durationInFrames', () => {
    expect(spring({ frame: 10, fps: 30, delay: 10 })).toBe(0);
    const d = 45;
    expect(Math.abs(spring({ frame: d, fps: 30, durationInFrames: d }) - 1)).toBeLessThan(0.01);
    expect(Math.abs(spring({ frame: d / 3, fps: 30, durationInFrames: d }) - 1)).toBeGreaterThan(0.01);
  });

  it('measures settling frames and rejects nonsense', () => {
    expect(measureSpring({ fps: 30 })).toBeGreaterThan(10);
    expect(() => spring({ frame: 1, fps: 30, config: { mass: 0 } })).toThrow(/mass/);
    expect(() => spring({ frame: 1, fps: 0 })).toThrow(/fps/);
  });
});
