/**
 * Whether two attribute or style values can paint different pixels. Used by the change tracker to
 * let a spring at 0.99999996 and one at 0.99999997 count as the same frame.
 */

// A number as templates write it: JS number strings ("0.5", "-1.2e-7") inside CSS or SVG values.
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/**
 * Chromium keeps lengths, opacities, colours and the matrices it rasterizes with as 32-bit floats,
 * so two numbers that round to the same float paint the same pixels; two that round to different
 * floats may not, however close (a scale of 1 − 4e-8 rounds to 0.99999994 and draws text
 * differently from one of 1 − 2e-8, which rounds to 1). Integers are never "close" to a
 * fraction: an exact 1 or 0 can switch Chromium to another drawing path (no transform at all).
 */
function numbersClose(a: string, b: string): boolean {
  if (a === b) return true;
  if (!/[.eE]/.test(a) || !/[.eE]/.test(b)) return false;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.fround(x) === Math.fround(y);
}

/**
 * True when `a` and `b` are the same text apart from numbers Chromium stores as the same float.
 * Any other difference (a word, a unit, a count of numbers) makes them different.
 */
export function nearlyEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const numsA = a.match(NUMBER) ?? [];
  const numsB = b.match(NUMBER) ?? [];
  if (numsA.length !== numsB.length || numsA.length === 0) return false;
  if (a.replace(NUMBER, '#') !== b.replace(NUMBER, '#')) return false;
  return numsA.every((n, i) => numbersClose(n, numsB[i]!));
}
