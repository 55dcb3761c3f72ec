import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { FramewrightError, throwIfAborted } from '../errors/index.ts';
import { describeInputs, inputsUnchanged, manifestPath, readManifest, writeBundleDir, writeManifest } from './bundle-cache.ts';
import { frameworkAliasPlugin, frameworkNodeModules, runtimeDir } from './framework-alias.ts';


export interface BundleOptions {
  /** The module that calls registerRoot(). */
  templateRoot: string;
  /** Folder holding cached bundles (`<dataDir>/bundles`). */
  bundlesDir: string;
  /** Rebuild even when the inputs look unchanged. @defaultValue false */
  force?: boolean;
  signal?: AbortSignal;
}

export interface Bundle {
  /** Content hash of the built output: identical templates give identical hashes. */
  hash: string;
  dir: string;
  /** Static site for the browser: index.html, bundle.js, bundle.js.map (and bundle.css when a template imports CSS). */
  siteDir: string;
  /** ESM module for Node exposing the registered templates (metadata, schemas). */
  nodeEntry: string;
  /** True when an earlier build was reused. */
  cached: boolean;
  durationMs: number;
}

/**
 * The page the renderer loads. A template that imports a stylesheet (`import './card.css'`) makes
 * esbuild emit bundle.css beside bundle.js; without its link the render would silently lack those
 * rules. A stylesheet link in the head is loaded before the page's `load`, so frame 0 has it.
 */
function indexHtml({ stylesheet }: { stylesheet: boolean }): string {
  const link = stylesheet ? '<link rel="stylesheet" href="./bundle.css">\n' : '';
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>html,body{margin:0;padding:0;background:transparent;overflow:hidden}#root{position:absolute;top:0;left:0}</style>
${link}</head><body><div id="root"></div><script type="module" src="./bundle.js"></script></body></html>
`;
}

export const ASSET_LOADERS: Record<string, esbuild.Loader> = {
  '.png': 'file', '.jpg': 'file', '.jpeg': 'file', '.gif': 'file', '.webp': 'file', '.svg': 'file',
  '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.otf': 'file', '.mp3': 'file', '.wav': 'file', '.mp4': 'file',
};

const frameworkAlias = frameworkAliasPlugin();

function commonOptions(templateRoot: string): esbuild.BuildOptions {
  return {
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    jsx: 'automatic',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
    loader: ASSET_LOADERS,
    absWorkingDir: path.dirname(templateRoot),
    nodePaths: [frameworkNodeModules],
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [frameworkAlias],
  };
}

function buildFailed(templateRoot: string, error: unknown): FramewrightError {
  const failure = error as Partial<esbuild.BuildFailure>;
  const first = failure.errors?.[0];
  const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
  const message = first ? `${where}${first.text}` : error instanceof Error ? error.message : String(error);
  return new FramewrightError('BUNDLE_FAILED', `Could not bundle ${templateRoot}: ${message}`, { cause: error });
}

/**
 * Bundles a template root twice: a browser site the renderer loads, and a Node module that
 * exposes the templates' schemas and metadata. Reuses the last build when no input changed.
 */
export async function bundleTemplates(options: BundleOptions): Promise<Bundle> {
  const started = performance.now();
  const templateRoot = path.resolve(options.templateRoot);
  const manifestFile = manifestPath(options.bundlesDir, templateRoot);

  if (!options.force) {
    const manifest = await readManifest(manifestFile);
    if (manifest && existsSync(path.join(options.bundlesDir, manifest.hash, 'node', 'templates.mjs')) && (await inputsUnchanged(manifest))) {
      return describe(options.bundlesDir, manifest.hash, true, started);
    }
  }
  throwIfAborted(options.signal);
  if (!existsSync(templateRoot)) {
    throw new FramewrightError('BUNDLE_FAILED', `Template root ${templateRoot} does not exist (set templateRoot in framewright.config.ts)`);
  }

  const base = commonOptions(templateRoot);
  // Output paths sit at the same depth as the final `<hash>/site` and `<hash>/node` folders, so
  // the relative source paths in the source maps stay right after the move.
  const virtualRoot = path.join(options.bundlesDir, 'building');
  let browser: esbuild.BuildResult<{ write: false; metafile: true }>;
  let node: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    [browser, node] = await Promise.all([
      esbuild.build({
        ...base,
        platform: 'browser',
        target: 'chrome120',
        outdir: path.join(virtualRoot, 'site'),
        entryNames: 'bundle',
        stdin: {
          contents: [
            // React DOM draws a random key when it loads: load it before the watch starts.
            `import 'react-dom/client';`,
            `import ${JSON.stringify(path.join(runtimeDir, 'page', 'install-watchers.ts'))};`,
            `import ${JSON.stringify(templateRoot)};`,
            `import ${JSON.stringify(path.join(runtimeDir, 'page', 'driver.tsx'))};`,
          ].join('\n'),
          resolveDir: path.dirname(templateRoot),
          sourcefile: 'framewright-entry.js',
          loader: 'js',
        },
      }) as Promise<esbuild.BuildResult<{ write: false; metafile: true }>>,
      esbuild.build({
        ...base,
        platform: 'node',
        target: 'node20',
        outdir: path.join(virtualRoot, 'node'),
        entryNames: 'templates',
        outExtension: { '.js': '.mjs' },
        stdin: {
          contents: [
            `import ${JSON.stringify(templateRoot)};`,
            `export { getRegisteredTemplates } from ${JSON.stringify(path.join(runtimeDir, 'registry.ts'))};`,
            `export { toJSONSchema } from 'zod';`,
          ].join('\n'),
          resolveDir: path.dirname(templateRoot),
          sourcefile: 'framewright-node-entry.js',
          loader: 'js',
        },
      }) as Promise<esbuild.BuildResult<{ write: false; metafile: true }>>,
    ]);
  } catch (error) {
    throw buildFailed(templateRoot, error);
  }
  throwIfAborted(options.signal);

  const files = [...browser.outputFiles, ...node.outputFiles].map((f) => ({
    path: path.relative(virtualRoot, f.path),
    contents: f.contents,
  }));
  const stylesheet = files.some((f) => f.path === path.join('site', 'bundle.css'));
  files.push({ path: 'site/index.html', contents: new TextEncoder().encode(indexHtml({ stylesheet })) });
  files.sort((a, b) => a.path.localeCompare(b.path));
  const hasher = createHash('sha256');
  for (const f of files) hasher.update(f.path).update('\0').update(f.contents);
  const hash = hasher.digest('hex').slice(0, 24);

  const dir = path.join(options.bundlesDir, hash);
  if (!existsSync(dir)) await writeBundleDir(dir, files);

  const cwd = base.absWorkingDir!;
  const inputPaths = [...Object.keys(browser.metafile.inputs), ...Object.keys(node.metafile.inputs)]
    .filter((p) => !p.startsWith('<'))
    .map((p) => path.resolve(cwd, p.replace(/^[a-z-]+:/, '')));
  await writeManifest(manifestFile, { hash, inputs: await describeInputs(inputPaths) });
  return describe(options.bundlesDir, hash, false, started);
}

function describe(bundlesDir: string, hash: string, cached: boolean, started: number): Bundle {
  const dir = path.join(bundlesDir, hash);
  return {
    hash,
    dir,
    siteDir: path.join(dir, 'site'),
    nodeEntry: path.join(dir, 'node', 'templates.mjs'),
    cached,
    durationMs: performance.now() - started,
  };
}
