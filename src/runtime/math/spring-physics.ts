/**
 * The physics under `spring()`: a mass on a damped spring, released at rest one unit away from
 * its target, solved in closed form. Pure and allocation-free so a template may call it per frame.
 */

export interface SpringPhysics {
  mass: number;
  damping: number;
  stiffness: number;
}

/**
 * Remotion advances its spring by at most 64 ms per frame, so below 15.625 fps a spring runs
 * slower than wall-clock time (at 5 fps one frame moves it 64 ms, not 200 ms). Ported templates
 * must move the same, so simulated time follows the same rule.
 */
const MAX_STEP_SECONDS = 0.064;

/**
 * Simulated seconds at `frame`. Negative frames are the rest state. The last step of a
 * fractional frame spans from the previous whole frame, as Remotion's stepping does.
 */
export function simulatedSeconds(frame: number, fps: number): number {
  const f = Math.max(0, frame);
  const whole = Math.floor(f);
  const rest = f - whole;
  const step = Math.min(1 / fps, MAX_STEP_SECONDS);
  if (whole === 0) return Math.min(rest / fps, MAX_STEP_SECONDS);
  return (whole - 1) * step + Math.min((1 + rest) / fps, MAX_STEP_SECONDS);
}

/**
 * Progress 0 → 1 after `t` seconds (1 is the target; it may overshoot).
 *
 * Underdamped (ζ < 1): x = 1 − e^(−ζω₀t)·(cos ω₁t + ζω₀/ω₁ · sin ω₁t), ω₁ = ω₀√(1−ζ²).
 * At and above critical damping the curve is the critically damped one,
 * x = 1 − e^(−ω₀t)·(1 + ω₀t): measured Remotion values for `{damping: 30}` and `{damping: 200}`
 * (stiffness 100, mass 1, critical damping 20) are identical, so extra damping beyond critical
 * does not slow the spring down there, and `{damping: 200}` settles in 23 frames at 30 fps.
 */
export function springProgress(t: number, { mass, damping, stiffness }: SpringPhysics): number {
  const w0 = Math.sqrt(stiffness / mass);
  const zeta = damping / (2 * Math.sqrt(stiffness * mass));
  if (zeta < 1) {
    const w1 = w0 * Math.sqrt(1 - zeta * zeta);
    const envelope = Math.exp(-zeta * w0 * t);
    return 1 - envelope * (Math.cos(w1 * t) + ((zeta * w0) / w1) * Math.sin(w1 * t));
  }
  return 1 - Math.exp(-w0 * t) * (1 + w0 * t);
}

/** Progress 0 → 1 at `frame` of a spring played at `fps`. */
export function springProgressAtFrame(frame: number, fps: number, physics: SpringPhysics): number {
  return springProgress(simulatedSeconds(frame, fps), physics);
}
