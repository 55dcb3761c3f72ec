import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { interpolateColors } from './colors.ts';
import { Easing, type EasingFunction } from './easing.ts';
import { interpolate } from './interpolate.ts';
import { random } from './random.ts';
import { measureSpring, spring } from './spring.ts';

/**
 * Values measured by running Remotion 4.0.529's public functions (test/fixtures/reference).
 * Every one must agree to 1e-9 (the file keeps 12 significant digits).
 */
const springInput = z.object({
  fps: z.number(),
  config: z.object({ mass: z.number(), damping: z.number(), stiffness: z.number(), overshootClamping: z.boolean() }).partial(),
  from: z.number().optional(),
  to: z.number().optional(),
  delay: z.number().optional(),
  durationInFrames: z.number().optional(),
  durationRestThreshold: z.number().optional(),
  reverse: z.boolean().optional(),
  threshold: z.number().optional(),
});
const Reference = z.object({
  spring: z.array(z.object({ input: springInput, frames: z.array(z.number()), values: z.array(z.number()) })),
  measureSpring: z.array(z.object({ input: springInput, value: z.number() })),
  easing: z.array(z.object({ easing: z.string(), t: z.array(z.number()), values: z.array(z.number()) })),
  interpolate: z.array(z.object({ call: z.string(), value: z.number() })),
  interpolateColors: z.array(z.object({ call: z.string(), value: z.string() })),
  random: z.array(z.object({ seed: z.union([z.string(), z.number()]), value: z.number() })),
});
const reference = Reference.parse(
  JSON.parse(readFileSync(new URL('../../../test/fixtures/reference/remotion-math-4.0.529.json', import.meta.url), 'utf8')),
);
const TOLERANCE = 1e-9;

/** Evaluates a call written in the reference file, e.g. `interpolate(15, [0, 30], [0, 1], {easing: Easing.bounce})`. */
function evaluate(call: string): unknown {
  return new Function('interpolate', 'interpolateColors', 'Easing', `return ${call};`)(interpolate, interpolateColors, Easing);
}

/** `in(cubic)` → Easing.in(Easing.cubic); `bezier(1,0,0,1)` → Easing.bezier(1, 0, 0, 1). */
function easingByName(name: string): EasingFunction {
  const js = name.replace(/\b([a-zA-Z]+)\b/g, (word) => `Easing.${word}`);
  return evaluate(js) as EasingFunction;
}

describe('Remotion 4.0.529 reference values', () => {
  it.each(reference.spring.map((c) => [JSON.stringify(c.input), c] as const))('spring %s', (_, { input, frames, values }) => {
    frames.forEach((frame, i) => {
      expect(Math.abs(spring({ ...input, frame }) - values[i]!), `frame ${frame}`).toBeLessThan(TOLERANCE);
    });
  });

  it.each(reference.measureSpring.map((c) => [JSON.stringify(c.input), c] as const))('measureSpring %s', (_, { input, value }) => {
    expect(measureSpring(input)).toBe(value);
  });

  it.each(reference.easing.map((c) => [c.easing, c] as const))('Easing.%s', (name, { t, values }) => {
    const easing = easingByName(name);
    t.forEach((x, i) => expect(Math.abs(easing(x) - values[i]!), `t = ${x}`).toBeLessThan(TOLERANCE));
  });

  it.each(reference.interpolate.map((c) => [c.call, c.value] as const))('%s', (call, value) => {
    expect(Math.abs((evaluate(call) as number) - value)).toBeLessThan(TOLERANCE);
  });

  it.each(reference.interpolateColors.map((c) => [c.call, c.value] as const))('%s', (call, value) => {
    expect(evaluate(call)).toBe(value);
  });

  it.each(reference.random.map((c) => [JSON.stringify(c.seed), c] as const))('random(%s)', (_, { seed, value }) => {
    expect(Math.abs(random(seed) - value)).toBeLessThan(TOLERANCE);
  });
});
