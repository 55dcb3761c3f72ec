import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';

/**
 * Maps stack frames of the page's bundle back to the template's own files and lines, using the
 * bundle's source map (its source paths are relative to the site folder).
 */
export class StackMapper {
  private map: SourceMap | undefined | null;

  constructor(
    private readonly siteUrl: string,
    private readonly siteDir: string,
    private readonly projectDir: string,
  ) {}

  /** Rewrites every `…/bundle.js:line:col` in a stack to `src/file.tsx:line:col`. */
  mapStack(stack: string): string {
    const prefix = escapeRegExp(`${this.siteUrl}bundle.js`);
    return stack.replace(new RegExp(`${prefix}:(\\d+):(\\d+)`, 'g'), (whole, line: string, col: string) => {
      const mapped = this.lookup(Number(line), Number(col));
      return mapped ?? whole;
    });
  }

  /** The first frame in the template's own code (not the runtime, not node_modules). */
  firstTemplateFrame(mappedStack: string): string | undefined {
    const runtime = `src${path.sep}runtime${path.sep}`;
    for (const m of mappedStack.matchAll(/\(?([^\s()]+\.[cm]?[jt]sx?):(\d+):(\d+)\)?/g)) {
      const file = m[1]!;
      if (file.includes('node_modules') || file.includes(runtime) || file.includes('http://')) continue;
      return `${file}:${m[2]}:${m[3]}`;
    }
    return undefined;
  }

  private lookup(line: number, column: number): string | undefined {
    if (this.map === undefined) {
      try {
        this.map = new SourceMap(JSON.parse(readFileSync(path.join(this.siteDir, 'bundle.js.map'), 'utf8')));
      } catch {
        this.map = null;
      }
    }
    if (!this.map) return undefined;
    const entry = this.map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry?.originalSource || entry.originalLine === undefined) return undefined;
    const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : path.resolve(this.siteDir, entry.originalSource);
    return `${path.relative(this.projectDir, source)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
