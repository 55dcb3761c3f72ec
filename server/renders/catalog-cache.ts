import type { Project } from '../../src/bundle/project.ts';
import type { TemplateCatalog } from '../../src/bundle/template-catalog.ts';

/**
 * The project's template catalog for request handlers. `Project.catalog()` checks every input
 * file of the bundle for changes; at hundreds of requests a second that is real work, so the
 * check runs at most once per interval and concurrent callers share one check.
 */
export class CatalogCache {
  private current: TemplateCatalog | undefined;
  private checkedAt = 0;
  private checking: Promise<TemplateCatalog> | undefined;

  constructor(
    private readonly project: Project,
    private readonly intervalMs: number,
  ) {}

  async get(): Promise<TemplateCatalog> {
    if (this.current && Date.now() - this.checkedAt < this.intervalMs) return this.current;
    this.checking ??= this.project
      .catalog()
      .then((catalog) => {
        this.current = catalog;
        this.checkedAt = Date.now();
        return catalog;
      })
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }
}
