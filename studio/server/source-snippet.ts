import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import path from 'node:path';

/** A place in the author's code, with the lines around it (what the error overlay shows). */
export interface SourceLocation {
  /** Relative to the project folder. */
  file: string;
  line: number;
  column: number;
  lines: Array<{ number: number; text: string }>;
}

const CONTEXT_LINES = 3;

export async function locate(projectDir: string, file: string, line: number, column: number): Promise<SourceLocation> {
  const absolute = path.resolve(projectDir, file);
  let lines: SourceLocation['lines'] = [];
  try {
    const all = (await readFile(absolute, 'utf8')).split('\n');
    const first = Math.max(1, line - CONTEXT_LINES);
    const last = Math.min(all.length, line + CONTEXT_LINES);
    for (let n = first; n <= last; n++) lines.push({ number: n, text: all[n - 1] ?? '' });
  } catch {
    lines = [];
  }
  return { file: path.relative(projectDir, absolute), line, column, lines };
}

/**
 * Maps a browser stack (positions in the Studio's template bundle) back to the author's files,
 * and returns the first frame in the author's own code (not React, not the runtime).
 */
export async function locateStack(options: {
  stack: string;
  map: SourceMap;
  /** The folder the bundle's source map paths are relative to. */
  outDir: string;
  projectDir: string;
  runtimeDir: string;
}): Promise<{ stack: string; location: SourceLocation | undefined }> {
  const { map, outDir, projectDir, runtimeDir } = options;
  let first: { file: string; line: number; column: number } | undefined;
  const stack = options.stack.replace(/https?:\/\/[^\s()]*\/build\/templates\.js(?:\?[^\s():]*)?:(\d+):(\d+)/g, (whole, l: string, c: string) => {
    const entry = map.findEntry(Number(l) - 1, Number(c) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry?.originalSource || entry.originalLine === undefined) return whole;
    const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : path.resolve(outDir, entry.originalSource);
    const position = { file: path.relative(projectDir, source), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
    if (!first && !source.includes(`${path.sep}node_modules${path.sep}`) && !source.startsWith(runtimeDir)) first = position;
    return `${position.file}:${position.line}:${position.column}`;
  });
  return { stack, location: first ? await locate(projectDir, first.file, first.line, first.column) : undefined };
}
