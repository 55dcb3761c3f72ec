/**
 * Deterministic pseudo-random number in [0, 1) for a seed. Every render of the same frame must
 * paint the same pixels, so templates use this instead of Math.random().
 */
export function random(seed: string | number): number {
  // FNV-1a over the seed's text, then one mulberry32 step to spread nearby seeds apart.
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let t = (h + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
