import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as esbuild from 'esbuild';

/**
 * This package's root: two levels above this module whether it runs from src/bundle/ (a
 * checkout, or an installed package through tsx) or dist/bundle/ (the built Node API).
 */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The authoring runtime's sources: templates are always bundled from them, never from dist/. */
export const runtimeDir = path.join(packageRoot, 'src', 'runtime');
export const frameworkNodeModules = path.join(packageRoot, 'node_modules');

const SOURCE_CONDITION = 'framewright-source';

interface PackageJson {
  exports: Record<string, Record<string, string>>;
}

/** `framewright`, `framewright/player`, … → the source file package.json's exports name for it. */
function readSourceEntries(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as PackageJson;
  const entries = new Map<string, string>();
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const source = target[SOURCE_CONDITION];
    if (source) entries.set(subpath === '.' ? 'framewright' : `framewright/${subpath.slice(2)}`, path.join(packageRoot, source));
  }
  return entries;
}

/**
 * Resolves `framewright` and every `framewright/…` export to this package's sources, wherever
 * the templates live (this repo, or a user's project with framewright in node_modules), so a
 * bundle holds exactly one copy of the runtime (one React context for the frame, one registry).
 */
export function frameworkAliasPlugin(): esbuild.Plugin {
  const entries = readSourceEntries();
  return {
    name: 'framewright-alias',
    setup(build) {
      build.onResolve({ filter: /^framewright(\/.*)?$/ }, (args) => {
        const file = entries.get(args.path);
        if (file) return { path: file };
        return { errors: [{ text: `"${args.path}" is not an export of framewright (known: ${[...entries.keys()].join(', ')})` }] };
      });
    },
  };
}
