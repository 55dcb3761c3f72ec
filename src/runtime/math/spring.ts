export interface SpringConfig {
  /** @defaultValue 1 */
  mass: number;
  /** @defaultValue 10 */
  damping: number;
  /** @defaultValue 100 */
  stiffness: number;
  /** Stop at the target instead of overshooting. @defaultValue false */
  overshootClamping: boolean;
}

export interface SpringOptions {
  frame: number;
  fps: number;
  config?: Partial<SpringConfig>;
  /** @defaultValue 0 */
  from?: number;
  /** @defaultValue 1 */
  to?: number;
  /** Frames to wait before the spring starts. @defaultValue 0 */
  delay?: number;
  /** Stretch or squeeze time so the spring settles after this many frames. */
  durationInFrames?: number;
}

const DEFAULTS: SpringConfig = { mass: 1, damping: 10, stiffness: 100, overshootClamping: false };

/** Displacement from the target after `t` seconds, starting at `x0` with zero velocity. */
function displacement(t: number, x0: number, { mass, damping, stiffness }: SpringConfig): number {
  const w0 = Math.sqrt(stiffness / mass);
  const zeta = damping / (2 * Math.sqrt(stiffness * mass));
  if (zeta < 1) {
    const wd = w0 * Math.sqrt(1 - zeta * zeta);
    return Math.exp(-zeta * w0 * t) * (x0 * Math.cos(wd * t) + ((zeta * w0 * x0) / wd) * Math.sin(wd * t));
  }
  if (zeta === 1) return Math.exp(-w0 * t) * (x0 + w0 * x0 * t);
  const s = Math.sqrt(zeta * zeta - 1);
  const r1 = -w0 * (zeta - s);
  const r2 = -w0 * (zeta + s);
  const c2 = (-r1 * x0) / (r2 - r1);
  const c1 = x0 - c2;
  return c1 * Math.exp(r1 * t) + c2 * Math.exp(r2 * t);
}

function resolveConfig(config: Partial<SpringConfig> | undefined): SpringConfig {
  const c = { ...DEFAULTS, ...config };
  for (const key of ['mass', 'damping', 'stiffness'] as const) {
    if (!(c[key] > 0)) throw new RangeError(`spring(): config.${key} must be > 0, got ${c[key]}`);
  }
  return c;
}

/** Frames until the spring stays within `threshold` of its target (of a unit move). */
export function measureSpring({ fps, config, threshold = 0.005 }: { fps: number; config?: Partial<SpringConfig>; threshold?: number }): number {
  const c = resolveConfig(config);
  let lastOutside = 0;
  // Springs used in video settle within seconds; scan a generous window.
  for (let f = 0; f <= fps * 60; f++) {
    if (Math.abs(displacement(f / fps, 1, c)) > threshold) lastOutside = f;
    else if (f - lastOutside > fps) break;
  }
  return lastOutside + 1;
}

/** Physically based spring animation from `from` to `to`, evaluated at `frame`. */
export function spring({ frame, fps, config, from = 0, to = 1, delay = 0, durationInFrames }: SpringOptions): number {
  if (!(fps > 0)) throw new RangeError(`spring(): fps must be > 0, got ${fps}`);
  const c = resolveConfig(config);
  let f = frame - delay;
  if (f <= 0) return from;
  if (durationInFrames !== undefined) {
    if (!(durationInFrames > 0)) throw new RangeError(`spring(): durationInFrames must be > 0, got ${durationInFrames}`);
    f = (f * measureSpring({ fps, config: c })) / durationInFrames;
  }
  const x = displacement(f / fps, from - to, c);
  const value = to + x;
  if (c.overshootClamping) return to >= from ? Math.min(value, to) : Math.max(value, to);
  return value;
}
