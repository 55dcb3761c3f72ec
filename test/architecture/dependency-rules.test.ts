/**
 * The dependency rules of DESIGN.md, checked on the source: templates → runtime; player and
 * studio → runtime; engine → bundle → runtime; service → engine. Nothing under src/ imports
 * server/, and what runs in the page (the runtime, the player) reaches no Node module.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const NODE_BUILTINS = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(full);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** A relative specifier as a repository path; undefined for packages. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return path.normalize(path.join(path.dirname(from), specifier));
}

function isNodeModule(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]!);
}

/** Every file reachable from the entries through relative imports, with the Node modules any of them import. */
function reach(entries: readonly string[]): { files: Set<string>; nodeImports: string[] } {
  const files = new Set<string>();
  const nodeImports: string[] = [];
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (isNodeModule(specifier)) nodeImports.push(`${file} imports ${specifier}`);
      const local = resolveLocal(file, specifier);
      if (local && /\.(ts|tsx)$/.test(local)) queue.push(local);
    }
  }
  return { files, nodeImports };
}

describe('dependency rules', () => {
  it('finds the source it checks (a rule over no files would pass without looking)', () => {
    expect(sourceFiles('src').length).toBeGreaterThan(50);
    expect(sourceFiles('server').length).toBeGreaterThan(30);
    expect(sourceFiles('src/runtime').length).toBeGreaterThan(10);
  });

  it('nothing under src/ imports server/', () => {
    const offenders = sourceFiles('src').flatMap((file) =>
      importsOf(file)
        .map((s) => resolveLocal(file, s))
        .filter((target): target is string => target !== undefined && (target === 'server' || target.startsWith(`server${path.sep}`)))
        .map((target) => `${file} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the runtime and the player reach no Node module and nothing of the engine or the service', () => {
    const entries = ['src/runtime/index.ts', ...sourceFiles('src/player')];
    const { files, nodeImports } = reach(entries);
    expect(files.size).toBeGreaterThan(10);
    expect(nodeImports).toEqual([]);
    const outside = [...files].filter((f) => !/^src[\\/](runtime|player|errors)[\\/]/.test(f));
    expect(outside).toEqual([]);
  });

  it('the engine (bundle, render, net) does not import the player or the studio; only the CLI starts the studio', () => {
    const engine = ['src/bundle', 'src/render', 'src/net'].flatMap(sourceFiles);
    const offenders = engine.flatMap((file) =>
      importsOf(file)
        .map((s) => resolveLocal(file, s))
        .filter((t): t is string => t !== undefined && /^(src[\\/]player|studio)([\\/]|$)/.test(t))
        .map((t) => `${file} → ${t}`),
    );
    expect(offenders).toEqual([]);
  });
});
