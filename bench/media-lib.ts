/** Shared set-up of the media benchmarks: the fixture templates with a public/ of generated media. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Project } from '../src/bundle/project.ts';

export const run = promisify(execFile);
const fixtureDir = fileURLToPath(new URL('../test/fixtures/project/', import.meta.url));

export function fixtureWorkspace(): { project: Project; publicDir: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-media-'));
  const publicDir = path.join(dir, 'public');
  mkdirSync(publicDir);
  symlinkSync(path.join(fixtureDir, 'public', 'fonts'), path.join(publicDir, 'fonts'));
  const project = Project.fromConfig(fixtureDir, { templateRoot: 'index.ts', publicDir, dataDir: path.join(dir, 'data') });
  return { project, publicDir, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The load average, so figures from a busy shared machine can be read for what they are. */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(1)).join(' ');
}
