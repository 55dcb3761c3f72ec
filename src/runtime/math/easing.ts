import makeBezier from 'bezier-easing';

/** An easing maps progress t (0 → 1) to eased progress (which may overshoot for back/elastic). */
export type EasingFunction = (t: number) => number;

const clampUnit = (t: number) => (t < 0 ? 0 : t > 1 ? 1 : t);

/**
 * CSS `cubic-bezier(x1, y1, x2, y2)`. Solved by the `bezier-easing` package, whose sampled
 * Newton/bisection solver gives the very numbers Remotion's bezier gives (an exact root-finder
 * differs by up to 5e-3 near the ends of steep curves). Outside [0, 1] the curve holds its ends.
 */
function bezier(x1: number, y1: number, x2: number, y2: number): EasingFunction {
  for (const [name, x] of [['x1', x1], ['x2', x2]] as const) {
    if (!(x >= 0 && x <= 1)) throw new RangeError(`Easing.bezier(): ${name} must be in [0, 1], got ${x}`);
  }
  for (const [name, y] of [['y1', y1], ['y2', y2]] as const) {
    if (!Number.isFinite(y)) throw new RangeError(`Easing.bezier(): ${name} must be a finite number, got ${y}`);
  }
  const curve = makeBezier(x1, y1, x2, y2);
  // A curve whose control points lie on the diagonal is the identity, unclamped (as in Remotion).
  if (x1 === y1 && x2 === y2) return curve;
  return (t) => (t <= 0 ? 0 : t >= 1 ? 1 : curve(t));
}

/** Robert Penner's bounce, held at 0 and 1 outside [0, 1] (where the parabolas would run off). */
function bounce(input: number): number {
  const t = clampUnit(input);
  if (t < 1 / 2.75) return 7.5625 * t * t;
  if (t < 2 / 2.75) {
    const u = t - 1.5 / 2.75;
    return 7.5625 * u * u + 0.75;
  }
  if (t < 2.5 / 2.75) {
    const u = t - 2.25 / 2.75;
    return 7.5625 * u * u + 0.9375;
  }
  const u = t - 2.625 / 2.75;
  return 7.5625 * u * u + 0.984375;
}

const easeCurve = bezier(0.42, 0, 1, 1);

/**
 * Easing curves, composable with `Easing.in/out/inOut`. Each gives Remotion's values for any
 * input, including outside [0, 1] (which `interpolate` passes when it extrapolates):
 * polynomial, `sin`, `exp`, `back` and `elastic` continue their formula; `circle`, `bounce` and
 * `bezier` (hence `ease`) hold 0 below 0 and 1 above 1. `exp(0)` is 2⁻¹⁰, not 0.
 */
export const Easing = {
  /** 0 for t ≤ 0, else 1. */
  step0: (t: number) => (t > 0 ? 1 : 0),
  /** 1 for t ≥ 1, else 0. */
  step1: (t: number) => (t >= 1 ? 1 : 0),
  linear: (t: number) => t,
  /** `cubic-bezier(0.42, 0, 1, 1)`, the CSS `ease-in` curve (as in Remotion; CSS `ease` is another). */
  ease: easeCurve,
  quad: (t: number) => t * t,
  cubic: (t: number) => t * t * t,
  poly: (n: number): EasingFunction => (t) => Math.pow(t, n),
  sin: (t: number) => 1 - Math.cos((t * Math.PI) / 2),
  circle: (t: number) => {
    const u = clampUnit(t);
    return 1 - Math.sqrt(1 - u * u);
  },
  exp: (t: number) => Math.pow(2, 10 * (t - 1)),
  /** A spring-like wobble; `bounciness` 0 does not overshoot, 1 wobbles about once. @defaultValue bounciness 1 */
  elastic: (bounciness = 1): EasingFunction => {
    const p = bounciness * Math.PI;
    return (t) => 1 - Math.pow(Math.cos((t * Math.PI) / 2), 3) * Math.cos(t * p);
  },
  /** Pulls back before moving forward. @defaultValue s 1.70158 (a 10 % pull-back) */
  back: (s = 1.70158): EasingFunction => (t) => t * t * ((s + 1) * t - s),
  bounce,
  bezier,
  in: (easing: EasingFunction): EasingFunction => easing,
  out: (easing: EasingFunction): EasingFunction => (t) => 1 - easing(1 - t),
  inOut: (easing: EasingFunction): EasingFunction => (t) => (t < 0.5 ? easing(t * 2) / 2 : 1 - easing((1 - t) * 2) / 2),
} as const;
