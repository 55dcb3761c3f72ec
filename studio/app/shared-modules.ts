/**
 * The modules the template bundle takes from this page (see SHARED_MODULES on the server): one
 * React, one runtime and one zod for the Studio, the Player and the templates. The runtime's
 * registerRoot is replaced by one that hands the list to the loader, so a rebuilt bundle can
 * register the same ids again.
 */
import * as React from 'react';
import type { ComponentType } from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as zod from 'zod';
import { collectCompositions } from '../../src/runtime/composition.tsx';
import type { TemplateDefinition } from '../../src/runtime/define-template.ts';
import * as runtime from '../../src/runtime/index.ts';
import * as transitions from '../../src/runtime/transitions/index.ts';
import * as clockWipe from '../../src/runtime/transitions/presentations/clock-wipe.tsx';
import * as fade from '../../src/runtime/transitions/presentations/fade.tsx';
import * as flip from '../../src/runtime/transitions/presentations/flip.tsx';
import * as none from '../../src/runtime/transitions/presentations/none.tsx';
import * as slide from '../../src/runtime/transitions/presentations/slide.tsx';
import * as wipe from '../../src/runtime/transitions/presentations/wipe.tsx';

let registered: TemplateDefinition[] | undefined;

/** Takes what the runtime's registerRoot takes: a list of templates, or a Remotion-style root of `<Composition>`s. */
function registerRoot(root: readonly TemplateDefinition[] | ComponentType): void {
  const list = typeof root === 'function' ? collectCompositions(root) : root;
  for (const t of list) {
    if (t?.kind !== 'framewright-template') {
      throw new TypeError('registerRoot() takes templates made with defineTemplate(), or a component returning <Composition> elements');
    }
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
    // Subpath entries of the runtime (package.json `exports`): one line each, so templates and
    // the Studio share one instance of each module.
    'framewright/transitions': transitions,
    'framewright/transitions/fade': fade,
    'framewright/transitions/slide': slide,
    'framewright/transitions/wipe': wipe,
    'framewright/transitions/flip': flip,
    'framewright/transitions/clock-wipe': clockWipe,
    'framewright/transitions/none': none,
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
