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
  return sameApartFromNumbers(a, b, () => 0);
}

/** Properties whose numbers are alpha: a change of 1/1024 moves a channel by a quarter level at most. */
const ALPHA = /^(?:opacity|fill-opacity|stroke-opacity|flood-opacity|stop-opacity)$/;
const ALPHA_TOLERANCE = 1 / 1024;
/** Properties made of transform functions (or their single-property forms). */
const TRANSFORM = /^(?:transform|translate|rotate|scale)$/;
/** How far a transform may move a pixel and still be the same frame: 1/4096 px, a sixteenth of a level at most. */
const TRANSFORM_PX_TOLERANCE = 1 / 4096;
const RADIANS_PER: Record<string, number> = { deg: Math.PI / 180, grad: Math.PI / 200, rad: 1, turn: 2 * Math.PI };
// A number with the unit written after it ("0.5", "-1.2e-7px", "45deg", "3d" in translate3d).
const NUMBER_WITH_UNIT = /([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)([a-zA-Z%]*)/g;

/**
 * True when two values of CSS `property` paint pixels at most one level apart: equal as
 * {@link nearlyEqual} says, or, for alpha and transforms, apart by less than can move a pixel
 * visibly. A spring's tail (`translateY(4e-5px)` then `translateY(-1e-5px)`, opacity 0.9999991
 * then 0.9999997) is the same frame. Bounds, for an element up to `extent` device pixels across:
 * alpha within 1/1024; a transform's lengths within 1/4096 px, its angles and factors within what
 * moves a point `extent` px from the origin by 1/4096 px. Integers are never close to a fraction
 * (an exact 1 or 0 may mean no layer or no transform at all), and layout lengths stay exact:
 * Chromium snaps boxes to pixels, so a tiny change there can move an edge by a whole pixel.
 */
export function paintsSame(property: string, a: string, b: string, extent: number): boolean {
  if (ALPHA.test(property)) return sameApartFromNumbers(a, b, (unit) => (unit === '' ? ALPHA_TOLERANCE : 0));
  if (!TRANSFORM.test(property)) return nearlyEqual(a, b);
  return sameApartFromNumbers(a, b, (unit) => {
    if (unit === 'px') return TRANSFORM_PX_TOLERANCE;
    if (unit in RADIANS_PER) return TRANSFORM_PX_TOLERANCE / extent / RADIANS_PER[unit]!;
    if (unit === '') return TRANSFORM_PX_TOLERANCE / extent;
    return 0; // em, %, vw…: lengths whose size in pixels is not known here
  });
}

/**
 * The same text apart from numbers, each pair the same float or, both fractions, at most
 * `tolerance(unit)` apart.
 */
function sameApartFromNumbers(a: string, b: string, tolerance: (unit: string) => number): boolean {
  if (a === b) return true;
  const numsA = [...a.matchAll(NUMBER_WITH_UNIT)];
  const numsB = [...b.matchAll(NUMBER_WITH_UNIT)];
  if (numsA.length !== numsB.length || numsA.length === 0) return false;
  if (a.replace(NUMBER, '#') !== b.replace(NUMBER, '#')) return false;
  return numsA.every(([, x, unit], i) => {
    const y = numsB[i]![1]!;
    if (numbersClose(x!, y)) return true;
    const limit = tolerance(unit!);
    if (limit === 0) return false;
    const p = Number(x);
    const q = Number(y);
    if (!Number.isFinite(p) || !Number.isFinite(q) || integral(p) || integral(q)) return false;
    return Math.abs(p - q) <= limit;
  });
}

/** A number Chromium keeps as an integer (or that rounds to one as a float): it may pick another drawing path. */
function integral(x: number): boolean {
  return Number.isInteger(Math.fround(x));
}
