import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import * as esbuild from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { FramewrightError, formatZodIssues, zodToIssues } from '../errors/index.ts';

export const remoteAssetsConfigSchema = z.strictObject({
  /** Let templates load assets from loopback, private and link-local addresses (SSRF guard off). */
  allowPrivateNetwork: z.boolean().default(false),
  /** Deadline for downloading one remote asset, in milliseconds. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Largest remote asset accepted, in bytes. */
  maxBytes: z.number().int().min(1).default(512 * 1024 * 1024),
});

export const projectConfigSchema = z.object({
  templateRoot: z.string().default('src/index.ts'),
  publicDir: z.string().default('public'),
  dataDir: z.string().default('.framewright'),
  /** How renders fetch `https://` images, audio, video and fonts. */
  remoteAssets: remoteAssetsConfigSchema.default({ allowPrivateNetwork: false, timeoutMs: 30_000, maxBytes: 512 * 1024 * 1024 }),
});

export type ProjectConfigInput = z.input<typeof projectConfigSchema>;

/** A project config with every path absolute. */
export interface ProjectConfig {
  projectDir: string;
  templateRoot: string;
  publicDir: string;
  dataDir: string;
  remoteAssets: z.output<typeof remoteAssetsConfigSchema>;
}

/** Typed helper for `framewright.config.ts`. */
export function defineConfig(config: ProjectConfigInput): ProjectConfigInput {
  return config;
}

export function resolveProjectConfig(projectDir: string, input: ProjectConfigInput = {}): ProjectConfig {
  const parsed = projectConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = zodToIssues(parsed.error);
    throw new FramewrightError('INVALID_OPTIONS', `framewright.config.ts: ${formatZodIssues(issues)}`, { issues });
  }
  const abs = (p: string) => path.resolve(projectDir, p);
  return {
    projectDir,
    templateRoot: abs(parsed.data.templateRoot),
    publicDir: abs(parsed.data.publicDir),
    dataDir: process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : abs(parsed.data.dataDir),
    remoteAssets: parsed.data.remoteAssets,
  };
}

/**
 * Packages the config imports stay outside the compiled module, pinned to the file the project
 * itself would load (resolved from the config's folder), so the module runs from anywhere.
 */
const pinPackages: esbuild.Plugin = {
  name: 'pin-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (isBuiltin(args.path) || args.pluginData === 'pinning') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'pinning' });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

/**
 * Reads `framewright.config.ts` from the project directory, if there is one. The file is
 * compiled to a temporary ES module in the system temp folder (never the project folder, which
 * may be read-only) with its package imports pinned to the project's own copies, and imported
 * from there: it loads the same whether or not the project's package.json says
 * `"type": "module"`, and whatever loader runs this process.
 */
export async function loadProjectConfig(projectDir = process.cwd()): Promise<ProjectConfig> {
  const file = path.join(projectDir, 'framewright.config.ts');
  if (!existsSync(file)) return resolveProjectConfig(projectDir);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'framewright-config-'));
  const compiled = path.join(tempDir, 'framewright.config.mjs');
  let mod: { default?: ProjectConfigInput };
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      plugins: [pinPackages],
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    await writeFile(compiled, result.outputFiles[0]!.contents);
    mod = (await import(pathToFileURL(compiled).href)) as { default?: ProjectConfigInput };
  } catch (error) {
    const first = (error as Partial<esbuild.BuildFailure>).errors?.[0];
    const where = first?.location ? `:${first.location.line}:${first.location.column}` : '';
    const message = first ? first.text : (error as Error).message;
    throw new FramewrightError('INVALID_OPTIONS', `${file}${where}: ${message}`, { cause: error });
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
  return resolveProjectConfig(projectDir, mod.default ?? {});
}
