import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './codes.ts';

describe('error code registry', () => {
  it('every code has a status, a kind and a title, and is documented in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(info.status).toBeGreaterThanOrEqual(400);
      expect(info.title.length).toBeGreaterThan(3);
      expect(readme, `README.md documents ${code}`).toContain(`\`${code}\``);
    }
  });
});
