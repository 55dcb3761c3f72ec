import { createHash } from 'node:crypto';
import { readFile, stat, writeFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** What the last build of a template root read, so an unchanged root is reused without building. */
export interface BundleManifest {
  hash: string;
  inputs: Array<{ path: string; size: number; mtimeMs: number }>;
}

export function manifestPath(bundlesDir: string, templateRoot: string): string {
  const key = createHash('sha256').update(path.resolve(templateRoot)).digest('hex').slice(0, 16);
  return path.join(bundlesDir, `last-${key}.json`);
}

export async function readManifest(file: string): Promise<BundleManifest | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as BundleManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A corrupt manifest only costs a rebuild.
    return undefined;
  }
}

/** True when every input the last build read still has the same size and mtime. */
export async function inputsUnchanged(manifest: BundleManifest): Promise<boolean> {
  const checks = await Promise.all(
    manifest.inputs.map(async (input) => {
      try {
        const s = await stat(input.path);
        return s.size === input.size && s.mtimeMs === input.mtimeMs;
      } catch {
        return false;
      }
    }),
  );
  return checks.every(Boolean);
}

export async function describeInputs(paths: Iterable<string>): Promise<BundleManifest['inputs']> {
  const unique = [...new Set(paths)];
  const described = await Promise.all(
    unique.map(async (p) => {
      try {
        const s = await stat(p);
        return { path: p, size: s.size, mtimeMs: s.mtimeMs };
      } catch {
        return undefined;
      }
    }),
  );
  return described.filter((d): d is NonNullable<typeof d> => d !== undefined);
}

/** Writes files into `dir` atomically: readers see the whole bundle or none of it. */
export async function writeBundleDir(dir: string, files: Array<{ path: string; contents: Uint8Array }>): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  for (const f of files) {
    const target = path.join(tmp, f.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.contents);
  }
  try {
    await rename(tmp, dir);
  } catch (error) {
    // Another process finished the same bundle first: identical content, keep theirs.
    await rm(tmp, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export async function writeManifest(file: string, manifest: BundleManifest): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(manifest));
  await rename(tmp, file);
}
