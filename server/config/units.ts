/** Human-friendly units for environment variables: durations ("7d", "250ms") and sizes ("1mb"). */

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `"30s"` → 30000. A bare number is milliseconds. Returns undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * DURATION_UNITS[(m[2] ?? 'ms').toLowerCase()]!);
}

/** `"1mb"` → 1048576. A bare number is bytes. Returns undefined when the text is not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * SIZE_UNITS[(m[2] ?? 'b').toLowerCase()]!);
}

/** Environment booleans: only the spellings people actually use, anything else is an error. */
export function parseBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(t)) return true;
  if (['false', '0', 'no', 'off', ''].includes(t)) return false;
  return undefined;
}

/** `"1920x1080"` → 2073600; a bare number is a pixel count. Undefined when the text is neither. */
export function parsePixels(text: string): number | undefined {
  const m = /^\s*(?:(\d+)\s*[x×]\s*(\d+)|(\d+))\s*$/i.exec(text);
  if (!m) return undefined;
  const pixels = m[3] !== undefined ? Number(m[3]) : Number(m[1]) * Number(m[2]);
  return pixels >= 1 && Number.isSafeInteger(pixels) ? pixels : undefined;
}
