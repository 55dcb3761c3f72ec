import type { TemplateDefinition } from './define-template.ts';

const templates = new Map<string, TemplateDefinition>();

/** Registers the project's templates. Called once by the template root (`src/index.ts`). */
export function registerRoot(list: readonly TemplateDefinition[]): void {
  for (const t of list) {
    if (t?.kind !== 'framewright-template') {
      throw new TypeError('registerRoot() takes templates made with defineTemplate()');
    }
    if (templates.has(t.id) && templates.get(t.id) !== t) {
      throw new TypeError(`Two templates share the id "${t.id}"`);
    }
    templates.set(t.id, t);
  }
}

export function getRegisteredTemplates(): TemplateDefinition[] {
  return [...templates.values()];
}

export function getRegisteredTemplate(id: string): TemplateDefinition | undefined {
  return templates.get(id);
}
