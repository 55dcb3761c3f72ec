import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
