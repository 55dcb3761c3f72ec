import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from '../../src/bundle/project.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixtureProjectDir = fileURLToPath(new URL('../fixtures/project/', import.meta.url));

/** A fresh temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'fw-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The test fixture templates (colour-per-frame, broken, slow image, ...), with a private data dir. */
export function fixtureProject(dataDir: string): Project {
  return Project.fromConfig(fixtureProjectDir, { templateRoot: 'index.ts', publicDir: 'public', dataDir });
}

/** The repository's own example templates, with a private data dir. */
export function exampleProject(dataDir: string): Project {
  return Project.fromConfig(repoRoot, { templateRoot: 'src/index.ts', publicDir: 'public', dataDir });
}
