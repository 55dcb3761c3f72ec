import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeDir } from './framework-alias.ts';

/**
 * Where in the project's own sources an error thrown by the bundle's Node module happened: at
 * import time (module-level code) or in calculateMetadata(). The page's errors are mapped by
 * src/render/page/stack-mapper.ts; this is its Node-side twin, so both name `file:line:col`.
 *
 * The stack may already be in source terms (under tsx, Node applies the linked source map
 * itself) or still point into `templates.mjs` (plain Node, vitest): both are handled, and only a
 * frame in one of the bundle's own sources counts (not the runtime, not node_modules).
 */
export function templateSourceLocation(error: unknown, nodeEntry: string, projectDir: string): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  const map = readMap(nodeEntry);
  if (!map) return undefined;
  const { sourceMap, sources } = map;
  for (const m of stack.matchAll(/(file:\/\/\S+?|\/\S+?):(\d+):(\d+)/g)) {
    const file = m[1]!.startsWith('file://') ? safeFilePath(m[1]!) : m[1]!;
    if (!file) continue;
    let located: { file: string; line: number; column: number } | undefined;
    if (path.resolve(file) === nodeEntry) {
      const entry = sourceMap.findEntry(Number(m[2]) - 1, Number(m[3]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
      if (!entry?.originalSource || entry.originalLine === undefined) continue;
      located = { file: sourcePath(entry.originalSource, nodeEntry), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
    } else {
      located = { file: path.resolve(file), line: Number(m[2]), column: Number(m[3]) };
    }
    if (!sources.has(located.file) || !isTemplateCode(located.file)) continue;
    return `${path.relative(projectDir, located.file)}:${located.line}:${located.column}`;
  }
  return undefined;
}

function isTemplateCode(file: string): boolean {
  return !file.split(path.sep).includes('node_modules') && !file.startsWith(runtimeDir + path.sep);
}

function readMap(nodeEntry: string): { sourceMap: SourceMap; sources: Set<string> } | undefined {
  try {
    const payload = JSON.parse(readFileSync(`${nodeEntry}.map`, 'utf8')) as { sources: string[] };
    return { sourceMap: new SourceMap(payload as never), sources: new Set(payload.sources.map((s) => sourcePath(s, nodeEntry))) };
  } catch {
    // No map (an old bundle, a removed data dir): the message keeps its text, without a location.
    return undefined;
  }
}

/** A source of the map as an absolute path (esbuild writes them relative to the output file). */
function sourcePath(source: string, nodeEntry: string): string {
  return source.startsWith('file://') ? fileURLToPath(source) : path.resolve(path.dirname(nodeEntry), source);
}

function safeFilePath(url: string): string | undefined {
  try {
    return fileURLToPath(url.replace(/\?.*$/, ''));
  } catch {
    return undefined;
  }
}
