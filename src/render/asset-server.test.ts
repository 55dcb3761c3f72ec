import { describe, expect, it } from 'vitest';
import { hideInternalUrls } from './asset-server.ts';

describe('hideInternalUrls', () => {
  it.each([
    ['http://127.0.0.1:41234/s/3f9a0c/public/logo.png does not exist', 'public/logo.png does not exist'],
    ['Could not load http://127.0.0.1:41234/m/ab12cd/asset?url=x (502)', 'Could not load asset?url=x (502)'],
    ['at Foo (http://127.0.0.1:5555/s/hash/bundle.js:1:20)', 'at Foo (bundle.js:1:20)'],
  ])('%s', (message, shown) => {
    expect(hideInternalUrls(message)).toBe(shown);
    expect(hideInternalUrls(message)).not.toMatch(/127\.0\.0\.1:\d+/);
  });

  it('leaves URLs the caller gave alone', () => {
    expect(hideInternalUrls('http://127.0.0.1:3299/x: a loopback address')).toBe('http://127.0.0.1:3299/x: a loopback address');
  });
});
