import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { FramewrightError } from '../../src/errors/index.ts';

const appEntry = fileURLToPath(new URL('../app/main.tsx', import.meta.url));
const frameworkNodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** The Studio's own page (the app, the Player, React, the runtime), built in memory. */
export interface AppBundle {
  files: Map<string, { contents: Uint8Array; contentType: string }>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

let cached: Promise<AppBundle> | undefined;

/** Builds the Studio app once per process (about a second) and keeps it. */
export function studioAppBundle(): Promise<AppBundle> {
  cached ??= buildApp().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function buildApp(): Promise<AppBundle> {
  const outdir = path.join(path.dirname(appEntry), '.out');
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: { app: appEntry },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      jsx: 'automatic',
      minify: true,
      sourcemap: 'linked',
      logLevel: 'silent',
      outdir,
      nodePaths: [frameworkNodeModules],
      define: { 'process.env.NODE_ENV': '"production"' },
    });
  } catch (error) {
    throw new FramewrightError('BUNDLE_FAILED', `Could not build the Studio app: ${(error as Error).message}`, { cause: error });
  }
  const files = new Map<string, { contents: Uint8Array; contentType: string }>();
  for (const f of result.outputFiles) {
    const name = path.relative(outdir, f.path);
    files.set(name, { contents: f.contents, contentType: TYPES[path.extname(name)] ?? 'application/octet-stream' });
  }
  return { files };
}
