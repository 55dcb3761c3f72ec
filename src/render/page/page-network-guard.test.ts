import { describe, expect, it } from 'vitest';
import { patternsExcept } from './page-network-guard.ts';

/** CDP's URL pattern semantics: `*` any run of characters, `?` one character, the rest literal. */
function matches(pattern: string, url: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(url);
}

const local = 'http://127.0.0.1:41234/';
const patterns = patternsExcept(local);
const paused = (url: string) => patterns.some((p) => matches(p, url));

describe('patternsExcept (the guard pauses everything but the asset server)', () => {
  it.each([`${local}s/abc/index.html`, `${local}s/abc/public/fonts/a.ttf?x=1`, `${local}m/ff00/video-frame?t=3`, local])('%s is not paused', (url) => {
    expect(paused(url)).toBe(false);
  });

  it.each([
    'http://127.0.0.1:3299/x',
    'http://127.0.0.1:4123/x',
    'http://127.0.0.1:412345/x',
    'http://127.0.0.10:41234/x',
    'http://127.0.0.2/x',
    'http://localhost:41234/s/abc/index.html',
    'http://[::1]:41234/',
    'http://user@127.0.0.1:41234/',
    'https://127.0.0.1:41234/',
    'https://example.com/a.png',
    'ws://127.0.0.1:41234/',
    'file:///etc/passwd',
    'ftp://example.com/',
    'http://169.254.169.254/latest/meta-data',
  ])('%s is paused', (url) => {
    expect(paused(url)).toBe(true);
  });
});
