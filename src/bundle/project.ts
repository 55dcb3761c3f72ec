import path from 'node:path';
import { loadProjectConfig, resolveProjectConfig, type ProjectConfig, type ProjectConfigInput } from '../config/project-config.ts';
import { bundleTemplates, type Bundle } from './bundle-templates.ts';
import { TemplateCatalog } from './template-catalog.ts';

/**
 * A template project: its config, its bundle and the templates in it. The bundle is checked for
 * changes on every `catalog()` call (cheap when nothing changed) so a long-running server picks
 * up edited templates.
 */
export class Project {
  private catalogs = new Map<string, Promise<TemplateCatalog>>();
  private lastBundle: Bundle | undefined;

  constructor(readonly config: ProjectConfig) {}

  static async load(projectDir = process.cwd()): Promise<Project> {
    return new Project(await loadProjectConfig(path.resolve(projectDir)));
  }

  static fromConfig(projectDir: string, input: ProjectConfigInput): Project {
    return new Project(resolveProjectConfig(path.resolve(projectDir), input));
  }

  get bundlesDir(): string {
    return path.join(this.config.dataDir, 'bundles');
  }

  async bundle(options: { signal?: AbortSignal; force?: boolean } = {}): Promise<Bundle> {
    const bundle = await bundleTemplates({
      templateRoot: this.config.templateRoot,
      bundlesDir: this.bundlesDir,
      ...options,
    });
    this.lastBundle = bundle;
    return bundle;
  }

  /** The bundle built or reused by the last `catalog()`/`bundle()` call. */
  get currentBundle(): Bundle | undefined {
    return this.lastBundle;
  }

  async catalog(signal?: AbortSignal): Promise<TemplateCatalog> {
    const bundle = await this.bundle(signal ? { signal } : {});
    let catalog = this.catalogs.get(bundle.hash);
    if (!catalog) {
      catalog = TemplateCatalog.load(bundle, this.config.projectDir);
      catalog.catch(() => this.catalogs.delete(bundle.hash));
      this.catalogs.set(bundle.hash, catalog);
    }
    return catalog;
  }
}
