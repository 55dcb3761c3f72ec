import { randomBytes } from 'node:crypto';

const TIME_WIDTH = 10;

/**
 * `rnd_` + creation time (base 36, fixed width) + 12 random characters: ids sort by creation
 * time as plain strings, which is what the list index relies on for newest-first pages.
 */
export function newRenderId(now = Date.now()): string {
  const time = now.toString(36).padStart(TIME_WIDTH, '0');
  const random = Array.from(randomBytes(12), (b) => (b % 36).toString(36)).join('');
  return `rnd_${time}${random}`;
}

export function isRenderId(value: string): boolean {
  return /^rnd_[0-9a-z]{22}$/.test(value);
}
