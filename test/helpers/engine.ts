import path from 'node:path';
import { afterAll } from 'vitest';
import { Project } from '../../src/bundle/project.ts';
import { RenderHost } from '../../src/render/render-host.ts';
import { exampleProject, fixtureProject, tempDir } from './project.ts';

export interface RenderFixture {
  tmp: { dir: string; cleanup: () => void };
  project: Project;
  host: RenderHost;
}

/**
 * What an engine test file needs: a temp dir, a project with its own data dir (fixture or
 * example templates) and a warm host — closed and removed after the file's tests.
 */
export function renderFixture(templates: 'fixtures' | 'examples' = 'fixtures'): RenderFixture {
  const tmp = tempDir();
  const dataDir = path.join(tmp.dir, 'data');
  const project = templates === 'fixtures' ? fixtureProject(dataDir) : exampleProject(dataDir);
  const host = new RenderHost();
  afterAll(async () => {
    await host.close();
    tmp.cleanup();
  });
  return { tmp, project, host };
}
