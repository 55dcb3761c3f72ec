import { watch, type FSWatcher } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { ASSET_LOADERS } from '../../src/bundle/bundle-templates.ts';
import { locate, locateStack, type SourceLocation } from './source-snippet.ts';

const runtimeDir = fileURLToPath(new URL('../../src/runtime/', import.meta.url));
const frameworkNodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/**
 * Modules the Studio page already holds: the template bundle takes them from the page (one React,
 * one runtime, one zod), so hooks, contexts and schemas are shared with the Studio and the Player.
 */
export const SHARED_MODULES = ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom', 'react-dom/client', 'framewright', 'zod'] as const;

const sharedModules: esbuild.Plugin = {
  name: 'framewright-studio-shared',
  setup(build) {
    const filter = new RegExp(`^(${SHARED_MODULES.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'fw-shared' }));
    // Subpaths of the runtime (`framewright/...`) must share its module instances too: the page
    // provides those it knows (studio/app/shared-modules.ts), and names any it does not.
    build.onResolve({ filter: /^framewright\/.+$/ }, (args) => ({ path: args.path, namespace: 'fw-shared' }));
    build.onLoad({ filter: /.*/, namespace: 'fw-shared' }, (args) => ({
      contents: [
        `const m = globalThis.__framewrightShared[${JSON.stringify(args.path)}];`,
        `if (!m) throw new Error(${JSON.stringify(`"${args.path}" is not available in the Studio (studio/app/shared-modules.ts lists what the page shares)`)});`,
        'module.exports = m;',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

export interface BuildError {
  message: string;
  location: SourceLocation | undefined;
}

/** The state of the template bundle, as the Studio page is told over SSE. */
export type BuildState =
  /** `stylesheet`: the templates import CSS, which esbuild emitted as `templates.css`. */
  | { ok: true; version: number; durationMs: number; finishedAt: number; stylesheet: boolean }
  | { ok: false; version: number; errors: BuildError[]; finishedAt: number };

interface Output {
  js: Uint8Array;
  map: SourceMap;
  mapText: Uint8Array;
  assets: Map<string, Uint8Array>;
}

/**
 * Builds the project's template root for the Studio with esbuild's incremental context, and
 * rebuilds when a file it read changes (inotify via fs.watch on their folders: faster than
 * esbuild's polling watch). Keeps the latest good output in memory for the Studio to serve.
 */
export class TemplateBuilder {
  private context: esbuild.BuildContext<{ write: false; metafile: true; outdir: string }> | undefined;
  private output: Output | undefined;
  private current: BuildState | undefined;
  private version = 0;
  private building: Promise<void> | undefined;
  private again = false;
  private debounce: NodeJS.Timeout | undefined;
  private readonly watchers = new Map<string, FSWatcher>();
  private watchedFiles = new Set<string>();
  private readonly listeners = new Set<(state: BuildState) => void>();
  private closed = false;
  /** Where the bundle would be written: source map paths are relative to it. */
  readonly outDir: string;

  constructor(
    private readonly templateRoot: string,
    private readonly projectDir: string,
  ) {
    this.outDir = path.join(projectDir, '.framewright-studio');
  }

  /** Builds once (later builds follow file changes). Resolves with the first build's state. */
  async start(): Promise<BuildState> {
    this.context = await esbuild.context({
      entryPoints: [this.templateRoot],
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      jsx: 'automatic',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      loader: ASSET_LOADERS,
      outdir: this.outDir,
      entryNames: 'templates',
      assetNames: 'assets/[name]-[hash]',
      // Relative to the Studio page (/studio/), where the bundle is served under build/.
      publicPath: 'build',
      absWorkingDir: this.projectDir,
      nodePaths: [frameworkNodeModules],
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [sharedModules],
    });
    if (this.closed) {
      await this.context.dispose();
      this.context = undefined;
      return { ok: false, version: 0, errors: [{ message: 'The Studio was closed', location: undefined }], finishedAt: Date.now() };
    }
    await this.rebuild();
    return this.current!;
  }

  get state(): BuildState | undefined {
    return this.current;
  }

  subscribe(listener: (state: BuildState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The bundle's files by name (`templates.js`, `templates.js.map`, `templates.css`, `assets/...`). */
  file(name: string): Uint8Array | undefined {
    const o = this.output;
    if (!o) return undefined;
    if (name === 'templates.js') return o.js;
    if (name === 'templates.js.map') return o.mapText;
    return o.assets.get(name);
  }

  async locateStack(stack: string): Promise<{ stack: string; location: SourceLocation | undefined }> {
    if (!this.output) return { stack, location: undefined };
    return locateStack({ stack, map: this.output.map, outDir: this.outDir, projectDir: this.projectDir, runtimeDir });
  }

  /** Rebuilds now (coalescing calls made while a build runs). */
  rebuild(): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = (async () => {
      do {
        this.again = false;
        await this.buildOnce();
      } while (this.again && !this.closed);
    })().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private async buildOnce(): Promise<void> {
    if (!this.context || this.closed) return;
    const started = performance.now();
    const version = ++this.version;
    try {
      const result = await this.context.rebuild();
      const output: Output = { js: new Uint8Array(), map: new SourceMap({ version: 3, sources: [], names: [], mappings: '' } as never), mapText: new Uint8Array(), assets: new Map() };
      for (const file of result.outputFiles) {
        const name = path.relative(this.outDir, file.path).split(path.sep).join('/');
        if (name === 'templates.js') output.js = file.contents;
        else if (name === 'templates.js.map') {
          output.mapText = file.contents;
          output.map = new SourceMap(JSON.parse(file.text));
        } else output.assets.set(name, file.contents);
      }
      this.output = output;
      const inputs = Object.keys(result.metafile.inputs)
        .filter((p) => !p.includes(':') || /^[A-Za-z]:/.test(p))
        .map((p) => path.resolve(this.projectDir, p));
      this.watchFiles(inputs);
      this.publish({ ok: true, version, durationMs: performance.now() - started, finishedAt: Date.now(), stylesheet: output.assets.has('templates.css') });
    } catch (error) {
      const failure = error as Partial<esbuild.BuildFailure>;
      const messages = failure.errors?.length ? failure.errors : [{ text: error instanceof Error ? error.message : String(error), location: null }];
      const errors = await Promise.all(
        messages.map(async (m) => ({
          message: m.text,
          location: m.location ? await locate(this.projectDir, m.location.file, m.location.line, m.location.column + 1) : undefined,
        })),
      );
      // Keep watching what the last good build read, and the broken file itself.
      const broken = errors.flatMap((e) => (e.location ? [path.resolve(this.projectDir, e.location.file)] : []));
      this.watchFiles([...this.watchedFiles, ...broken]);
      this.publish({ ok: false, version, errors, finishedAt: Date.now() });
    }
  }

  private publish(state: BuildState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }

  private watchFiles(files: string[]): void {
    const own = files.filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`));
    this.watchedFiles = new Set(own);
    const dirs = new Set(own.map((f) => path.dirname(f)));
    for (const [dir, watcher] of this.watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => {
          if (name && !this.watchedFiles.has(path.join(dir, name.toString()))) return;
          this.scheduleRebuild();
        });
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, watcher);
      } catch {
        // A folder that vanished: the next build's inputs will say what to watch.
      }
    }
  }

  private scheduleRebuild(): void {
    // Editors write a file in several steps (truncate, write, rename): build once they are done.
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.rebuild(), 20);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.debounce);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.building;
    await this.context?.dispose();
    this.context = undefined;
  }
}
