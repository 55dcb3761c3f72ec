import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capturesWithHugePages, describeHugePages, readHugePages, selectedChoice } from './huge-pages.ts';

describe('transparent huge pages', () => {
  it('reads the selected word of a sysfs choice line', () => {
    expect(selectedChoice('always [madvise] never\n')).toBe('madvise');
    expect(selectedChoice('always within_size advise [never] deny force')).toBe('never');
    expect(selectedChoice('always madvise never')).toBeUndefined();
  });

  it('reads both settings, and says when there is nothing to read', () => {
    const files: Record<string, string> = {
      '/sys/kernel/mm/transparent_hugepage/enabled': '[always] madvise never\n',
      '/sys/kernel/mm/transparent_hugepage/shmem_enabled': 'always within_size advise [never] deny force\n',
    };
    const read = (file: string) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return text;
    };
    const setting = readHugePages(read);
    expect(setting).toEqual({ anonymous: 'always', shmem: 'never' });
    expect(capturesWithHugePages(setting!)).toBe(false);
    expect(capturesWithHugePages({ anonymous: 'always', shmem: 'always' })).toBe(true);
    expect(capturesWithHugePages({ anonymous: 'madvise', shmem: 'always' })).toBe(false);
    expect(describeHugePages(setting)).toBe('THP always/never');

    expect(readHugePages(() => { throw new Error('ENOENT'); })).toBeUndefined();
    expect(describeHugePages(undefined)).toBe('THP unknown');
  });

  it('reads this machine: a setting where the kernel has THP, none where it has not', () => {
    if (existsSync('/sys/kernel/mm/transparent_hugepage/enabled')) {
      expect(readHugePages()).toMatchObject({ anonymous: expect.stringMatching(/^(always|madvise|never)$/), shmem: expect.any(String) });
    } else {
      expect(readHugePages()).toBeUndefined();
    }
  });
});
