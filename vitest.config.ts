import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Test files import fixture templates that import `framewright` (this package): resolve each of
// its exports to the source file package.json names for it, as the bundler does
// (src/bundle/framework-alias.ts), not to a dist/ that exists only after `npm run build`.
const exportsMap = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { exports: Record<string, Record<string, string>> }).exports;
const sourceAliases = Object.entries(exportsMap).flatMap(([subpath, target]) => {
  const source = target['framewright-source'];
  const name = subpath === '.' ? 'framewright' : `framewright/${subpath.slice(2)}`;
  return source ? [{ find: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`), replacement: fileURLToPath(new URL(source, import.meta.url)) }] : [];
});

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Fast unit tests first, then the integration suites with their own worker limit.
          sequence: { groupOrder: 0 },
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'server/**/*.test.ts', 'studio/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.test.ts'],
          environment: 'node',
          // Real Chromium and FFmpeg on a 2-core machine: generous timeouts, few files at once.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
