/**
 * The modules the template bundle takes from this page (see SHARED_MODULES on the server): one
 * React, one runtime and one zod for the Studio, the Player and the templates. The runtime's
 * registerRoot is replaced by one that hands the list to the loader, so a rebuilt bundle can
 * register the same ids again.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as zod from 'zod';
import type { TemplateDefinition } from '../../src/runtime/define-template.ts';
import * as runtime from '../../src/runtime/index.ts';

let registered: TemplateDefinition[] | undefined;

function registerRoot(list: readonly TemplateDefinition[]): void {
  for (const t of list) {
    if (t?.kind !== 'framewright-template') throw new TypeError('registerRoot() takes templates made with defineTemplate()');
  }
  const ids = new Set<string>();
  for (const t of list) {
    if (ids.has(t.id)) throw new TypeError(`Two templates share the id "${t.id}"`);
    ids.add(t.id);
  }
  registered = [...(registered ?? []), ...list];
}

export function installSharedModules(): void {
  (globalThis as { __framewrightShared?: Record<string, unknown> }).__framewrightShared = {
    react: React,
    'react/jsx-runtime': jsxRuntime,
    'react/jsx-dev-runtime': jsxRuntime,
    'react-dom': ReactDOM,
    'react-dom/client': ReactDOMClient,
    framewright: { ...runtime, registerRoot },
    // Subpath entries of the runtime (package.json `exports`, e.g. `framewright/transitions`) go
    // here as they are added, so templates and the Studio share one instance of each module.
    zod,
  };
}

/** Starts collecting the templates a bundle registers; returns what was collected since. */
export function collectRegistrations(): () => TemplateDefinition[] {
  registered = [];
  return () => {
    const out = registered ?? [];
    registered = undefined;
    return out;
  };
}
