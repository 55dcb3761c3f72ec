import { afterEach, describe, expect, it } from 'vitest';
import { configureEnvironment, getEnvironment } from './environment.ts';
import { staticFile } from './static-file.ts';

const initial = getEnvironment().publicUrl;
afterEach(() => configureEnvironment({ publicUrl: initial }));

describe('staticFile()', () => {
  it('turns a name inside public/ into its URL, with or without a leading slash, each segment encoded', () => {
    configureEnvironment({ publicUrl: 'http://127.0.0.1:4000/public/' });
    expect(staticFile('my-image.png')).toBe('http://127.0.0.1:4000/public/my-image.png');
    expect(staticFile('/my-image.png')).toBe('http://127.0.0.1:4000/public/my-image.png');
    expect(staticFile('/fonts/a b#1?.woff2')).toBe('http://127.0.0.1:4000/public/fonts/a%20b%231%3F.woff2');
  });

  // Remotion refuses these with the errors its docs list (staticfile-relative-paths): a path that
  // is not a name inside public/ would otherwise become a URL that 404s far from the mistake.
  it.each(['./image.png', '../public/image.png', '..', '.'])('refuses the relative path %s', (path) => {
    expect(() => staticFile(path)).toThrow(TypeError);
    expect(() => staticFile(path)).toThrow(/does not support relative paths.*"\.{1,2}/);
  });

  it.each(['/Users/bob/project/public/image.png', '/home/bob/public/image.png', '/tmp/image.png', 'C:\\project\\public\\image.png', 'D:/public/image.png'])(
    'refuses the file-system path %s',
    (path) => {
      expect(() => staticFile(path)).toThrow(TypeError);
      expect(() => staticFile(path)).toThrow(/does not support absolute paths/);
    },
  );

  it('refuses the public/ prefix (and so a path already passed through staticFile())', () => {
    expect(() => staticFile('public/image.png')).toThrow(/public\/ prefix/);
    expect(() => staticFile('/public/image.png')).toThrow(/public\/ prefix/);
    expect(() => staticFile(staticFile('image.png'))).toThrow(TypeError);
  });

  it('refuses remote URLs', () => {
    expect(() => staticFile('https://example.com/image.png')).toThrow(/does not support remote URLs/);
  });
});
