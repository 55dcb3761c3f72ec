import type { ComponentType } from 'react';
import { collectCompositions } from './composition.tsx';
import type { TemplateDefinition } from './define-template.ts';

const templates = new Map<string, TemplateDefinition>();
/** Remotion-style roots, read on first use so getInputProps() sees the render's props. */
const pendingRoots: ComponentType[] = [];

function add(t: TemplateDefinition): void {
  if (t?.kind !== 'framewright-template') {
    throw new TypeError('registerRoot() takes templates made with defineTemplate(), or a component returning <Composition> elements');
  }
  if (templates.has(t.id) && templates.get(t.id) !== t) {
    throw new TypeError(`Two templates share the id "${t.id}"`);
  }
  templates.set(t.id, t);
}

/**
 * Registers the project's templates. Called by the template root (`src/index.ts`) with either a
 * list of `defineTemplate()` results or, as Remotion writes it, a component whose elements are
 * `<Composition>`s (in fragments or `<Folder>`s). It may be called more than once.
 */
export function registerRoot(root: readonly TemplateDefinition[] | ComponentType): void {
  if (typeof root === 'function') {
    pendingRoots.push(root);
    return;
  }
  if (!Array.isArray(root)) {
    throw new TypeError('registerRoot() takes an array of templates or a root component');
  }
  for (const t of root) add(t);
}

function flush(): void {
  while (pendingRoots.length) for (const t of collectCompositions(pendingRoots.shift()!)) add(t);
}

export function getRegisteredTemplates(): TemplateDefinition[] {
  flush();
  return [...templates.values()];
}

export function getRegisteredTemplate(id: string): TemplateDefinition | undefined {
  flush();
  return templates.get(id);
}
