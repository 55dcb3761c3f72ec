import { describe, expect, it } from 'vitest';
import { measureSpring, spring } from './spring.ts';
import { simulatedSeconds, springProgress } from './spring-physics.ts';

/**
 * Independent check of the physics: integrate m·x'' = −k·(x − 1) − c·x' numerically (RK4 with a
 * tiny step) from rest at 0, sampling at each of `times` (ascending), to compare with the closed form.
 */
function integrate(times: readonly number[], { mass, damping, stiffness }: { mass: number; damping: number; stiffness: number }): number[] {
  const h = 2e-5;
  const a = (px: number, pv: number) => (-stiffness * (px - 1) - damping * pv) / mass;
  let [x, v, now] = [0, 0, 0];
  const step = (dt: number) => {
    const k1x = v;
    const k1v = a(x, v);
    const k2x = v + (dt / 2) * k1v;
    const k2v = a(x + (dt / 2) * k1x, v + (dt / 2) * k1v);
    const k3x = v + (dt / 2) * k2v;
    const k3v = a(x + (dt / 2) * k2x, v + (dt / 2) * k2v);
    const k4x = v + dt * k3v;
    const k4v = a(x + dt * k3x, v + dt * k3v);
    x += (dt / 6) * (k1x + 2 * k2x + 2 * k3x + k4x);
    v += (dt / 6) * (k1v + 2 * k2v + 2 * k3v + k4v);
    now += dt;
  };
  return times.map((t) => {
    while (now + h <= t) step(h);
    if (t > now) step(t - now);
    return x;
  });
}

const times = (end: number, every: number) => Array.from({ length: Math.round(end / every) + 1 }, (_, i) => i * every);

describe('spring physics', () => {
  it.each([
    { mass: 1, damping: 10, stiffness: 100 },
    { mass: 2, damping: 12, stiffness: 50 },
    { mass: 0.5, damping: 1, stiffness: 300 },
    { mass: 1, damping: 19.9, stiffness: 100 },
  ])('underdamped %o follows the damped oscillator on a dense grid', (physics) => {
    const grid = times(2, 0.01);
    const numeric = integrate(grid, physics);
    grid.forEach((t, i) => expect(Math.abs(springProgress(t, physics) - numeric[i]!)).toBeLessThan(1e-9));
  });

  it('is the critically damped curve 1 − e^(−ω₀t)(1 + ω₀t) at and beyond critical damping', () => {
    for (const physics of [
      { mass: 1, damping: 20, stiffness: 100 },
      { mass: 1, damping: 200, stiffness: 100 },
      { mass: 0.5, damping: 100, stiffness: 200 },
    ]) {
      const w0 = Math.sqrt(physics.stiffness / physics.mass);
      for (let t = 0; t <= 3; t += 0.01) {
        expect(Math.abs(springProgress(t, physics) - (1 - Math.exp(-w0 * t) * (1 + w0 * t)))).toBeLessThan(1e-12);
      }
    }
    // The exactly critical case also matches the numerical integration.
    const critical = { mass: 1, damping: 20, stiffness: 100 };
    const grid = times(1, 0.01);
    const numeric = integrate(grid, critical);
    grid.forEach((t, i) => expect(Math.abs(springProgress(t, critical) - numeric[i]!)).toBeLessThan(1e-9));
  });

  it('advances at most 64 ms per frame (Remotion’s step), so low frame rates play slower', () => {
    for (let f = 0; f <= 100; f++) {
      expect(simulatedSeconds(f, 30)).toBeCloseTo(f / 30, 12);
      expect(simulatedSeconds(f, 5)).toBeCloseTo(f * 0.064, 12);
      expect(simulatedSeconds(f, 12)).toBeCloseTo(f * 0.064, 12);
      expect(simulatedSeconds(f, 15.625)).toBeCloseTo(f * 0.064, 12);
    }
    expect(simulatedSeconds(-3, 30)).toBe(0);
    expect(simulatedSeconds(7.25, 30)).toBeCloseTo(7.25 / 30, 12);
    expect(simulatedSeconds(0.5, 5)).toBeCloseTo(0.064, 12);
  });
});

describe('spring', () => {
  const grid = Array.from({ length: 241 }, (_, i) => i / 2);

  it('starts at from, settles at to, and maps 0 → 1 progress linearly onto from → to', () => {
    for (const frame of grid) {
      const unit = spring({ frame, fps: 30, config: { damping: 12 } });
      expect(spring({ frame, fps: 30, config: { damping: 12 }, from: 20, to: -40 })).toBeCloseTo(20 + unit * -60, 9);
    }
    expect(spring({ frame: 0, fps: 30 })).toBe(0);
    expect(spring({ frame: -10, fps: 30, from: 3, to: 4 })).toBe(3);
    expect(spring({ frame: 600, fps: 30, from: 10, to: -5 })).toBeCloseTo(-5, 9);
  });

  it('never overshoots at or above critical damping', () => {
    for (const damping of [20, 30, 200]) {
      const values = grid.map((frame) => spring({ frame, fps: 30, config: { damping } }));
      for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
      expect(Math.max(...values)).toBeLessThanOrEqual(1);
    }
  });

  it('overshootClamping holds the value at `to` for any from/to (as documented)', () => {
    for (const [from, to] of [[0, 1], [20, -40], [-5, 5], [100, 300]] as const) {
      for (const frame of grid) {
        const free = spring({ frame, fps: 30, config: { damping: 5 }, from, to });
        const clamped = spring({ frame, fps: 30, config: { damping: 5, overshootClamping: true }, from, to });
        const overshoots = to > from ? free > to : free < to;
        expect(clamped).toBeCloseTo(overshoots ? to : free, 9);
      }
    }
  });

  it('delay shifts the curve by whole and fractional frames', () => {
    for (const frame of grid) {
      expect(spring({ frame, fps: 30, delay: 7.5 })).toBe(spring({ frame: frame - 7.5, fps: 30 }));
    }
  });

  it('durationInFrames stretches the natural duration onto it and ends exactly on `to` after it', () => {
    const natural = measureSpring({ fps: 30, config: { damping: 200 } });
    for (const duration of [10, 40, 90]) {
      for (const frame of grid) {
        const value = spring({ frame, fps: 30, config: { damping: 200 }, durationInFrames: duration, from: 5, to: 9 });
        if (frame > duration) expect(value).toBe(9);
        else expect(value).toBeCloseTo(spring({ frame: (frame * natural) / duration, fps: 30, config: { damping: 200 }, from: 5, to: 9 }), 9);
      }
    }
  });

  it('reverse plays the curve backwards from its end', () => {
    const natural = measureSpring({ fps: 30 });
    for (const frame of grid) {
      expect(spring({ frame, fps: 30, reverse: true })).toBe(spring({ frame: natural - frame, fps: 30 }));
      expect(spring({ frame, fps: 30, reverse: true, durationInFrames: 40 })).toBe(
        frame < 0 ? 1 : spring({ frame: 40 - frame, fps: 30, durationInFrames: 40 }),
      );
    }
  });

  it.each([
    [{ frame: 1, fps: 30, config: { mass: 0 } }, /config.mass/],
    [{ frame: 1, fps: 30, config: { damping: -1 } }, /config.damping/],
    [{ frame: 1, fps: 0 }, /fps/],
    [{ frame: Number.NaN, fps: 30 }, /frame/],
    [{ frame: 1, fps: 30, durationInFrames: 0 }, /durationInFrames/],
    [{ frame: 1, fps: 30, durationRestThreshold: 0, reverse: true }, /durationRestThreshold/],
  ] as const)('rejects %o', (options, message) => {
    expect(() => spring(options)).toThrow(message);
  });
});

describe('measureSpring', () => {
  it.each([
    { fps: 30, config: {} },
    { fps: 30, config: { damping: 200 } },
    { fps: 60, config: { damping: 3 } },
    { fps: 24, config: { mass: 3, stiffness: 80, damping: 9 } },
    { fps: 8, config: { damping: 4 } },
  ])('is the first frame from which the spring stays within the threshold (%o)', ({ fps, config }) => {
    for (const threshold of [0.05, 0.005, 0.0001]) {
      const settled = measureSpring({ fps, config, threshold });
      const offset = (f: number) => Math.abs(spring({ frame: f, fps, config }) - 1);
      if (settled > 0) expect(offset(settled - 1)).toBeGreaterThanOrEqual(threshold);
      for (let f = settled; f < settled + 5 * fps; f++) expect(offset(f)).toBeLessThan(threshold);
    }
  });

  it('rejects a threshold that could never be met', () => {
    expect(() => measureSpring({ fps: 30, threshold: 0 })).toThrow(/threshold/);
  });
});

describe('config entries left undefined', () => {
  // Templates forward optional props: `config: {damping: props.damping}`. An undefined entry is
  // "not given" and takes its default (Remotion fixed the NaN this gave, remotion-dev/remotion#11359).
  it.each([
    [{ damping: undefined }, {}],
    [{ stiffness: undefined, damping: 200 }, { damping: 200 }],
    [{ mass: undefined, damping: undefined, stiffness: undefined, overshootClamping: undefined }, {}],
  ])('spring() and measureSpring() read %o as %o', (loose, strict) => {
    for (const frame of [0, 1, 5, 12.5, 30, 90]) {
      expect(spring({ frame, fps: 30, config: loose })).toBe(spring({ frame, fps: 30, config: strict }));
    }
    expect(measureSpring({ fps: 30, config: loose })).toBe(measureSpring({ fps: 30, config: strict }));
  });

  it('still refuses a value that is given and wrong', () => {
    expect(() => spring({ frame: 1, fps: 30, config: { damping: 0 } })).toThrow(/config\.damping must be a finite number > 0, got 0/);
  });
});
