import { mkdirSync, mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProjectConfig } from './project-config.ts';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadProjectConfig', () => {
  it('reads a TypeScript config in a folder with no package.json (not an ES module package)', async () => {
    const dir = project({
      'framewright.config.ts': `const root: string = 'templates/index.tsx';\nexport default { templateRoot: root, dataDir: 'out' } satisfies Record<string, unknown>;\n`,
    });
    const config = await loadProjectConfig(dir);
    expect(config.templateRoot).toBe(path.join(dir, 'templates/index.tsx'));
    expect(config.publicDir).toBe(path.join(dir, 'public'));
    // The compiled copy is gone again.
    expect(readdirSync(dir)).toEqual(['framewright.config.ts']);
  });

  it('writes nothing into the project folder (a read-only checkout loads), and resolves its packages from there', async () => {
    const dir = project({
      'framewright.config.ts': `import { dataDir } from 'fw-fixture-settings';\nexport default { dataDir };\n`,
    });
    // A package only this project has: resolved from the project, not from where the module runs.
    mkdirSync(path.join(dir, 'node_modules', 'fw-fixture-settings'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'fw-fixture-settings', 'package.json'), '{"name":"fw-fixture-settings","type":"module","exports":"./index.js"}');
    writeFileSync(path.join(dir, 'node_modules', 'fw-fixture-settings', 'index.js'), "export const dataDir = 'from-package';\n");
    // inotify delivers events in order: once the sentinel's event arrives, any earlier write would have too.
    const seen: string[] = [];
    const watcher = watch(dir);
    const sentinel = new Promise<void>((resolve) => {
      watcher.on('change', (_event, name) => {
        if (name === 'sentinel') resolve();
        else seen.push(String(name));
      });
    });
    try {
      const config = await loadProjectConfig(dir);
      expect(config.dataDir).toBe(path.join(dir, 'from-package'));
      writeFileSync(path.join(dir, 'sentinel'), '');
      await sentinel;
    } finally {
      watcher.close();
    }
    expect(seen).toEqual([]);
  });

  it('falls back to the defaults without a config', async () => {
    const dir = project({});
    expect((await loadProjectConfig(dir)).templateRoot).toBe(path.join(dir, 'src/index.ts'));
  });

  it('names the file and line of a broken config, and the field of a bad value', async () => {
    await expect(loadProjectConfig(project({ 'framewright.config.ts': 'export default {\n  templateRoot: ,\n};\n' }))).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringMatching(/framewright\.config\.ts:2:\d+/),
    });
    await expect(loadProjectConfig(project({ 'framewright.config.ts': 'export default { publicDir: 42 };\n' }))).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringContaining('"publicDir"'),
    });
  });
});
