/**
 * Deterministic pseudo-random number in [0, 1) for a seed. Every render of the same frame must
 * paint the same pixels, so templates use this instead of Math.random(). Gives Remotion's
 * numbers: a string seed is hashed with Java's `String.hashCode` (31·h + code unit, 32-bit), a
 * number seed is scaled by 1e10 (so 0.5 and 0.6 land far apart), and the result seeds one step
 * of Tommy Ettinger's public-domain mulberry32 generator. `null` gives `Math.random()` (not
 * deterministic: the same frame differs between renders).
 */
export function random(seed: string | number | null): number {
  // Remotion's escape hatch for a truly random value; it makes frames differ between renders.
  if (seed === null) return Math.random();
  if (typeof seed === 'string') return mulberry32(hashString(seed));
  if (typeof seed === 'number') return mulberry32(seed * 1e10);
  throw new RangeError(`random(): seed must be a string, a number or null, got ${typeof seed}`);
}

function hashString(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

function mulberry32(state: number): number {
  let t = state + 0x6d2b79f5;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
