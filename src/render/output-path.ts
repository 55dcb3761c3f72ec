import { lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { FramewrightError } from '../errors/index.ts';
import { HLS_MASTER } from './formats/hls-writer.ts';

/**
 * What a system error on the output path means to the person who chose the path. A full disk is
 * not listed: it is not the path's fault, and a retry elsewhere may succeed.
 */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'nothing can be created there (a virtual or missing file system)',
  EEXIST: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the name is too long',
  EISDIR: 'it is a directory',
};

function outputError(output: string, reason: string, cause?: unknown): FramewrightError {
  return new FramewrightError('INVALID_OUTPUT', `Cannot write the output "${output}": ${reason}`, cause === undefined ? {} : { cause });
}

/** The system error code of a failed fs call, or undefined when it is not one. */
function systemCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** An fs failure on the output path as INVALID_OUTPUT when it is the path's fault; as it was otherwise. */
export function toOutputError(output: string, error: unknown): unknown {
  const code = systemCode(error);
  return code && REASONS[code] ? outputError(output, REASONS[code]!, error) : error;
}

/**
 * Creates `dir` one level at a time from its nearest existing ancestor. `mkdir -p` in Node loops
 * forever on some virtual file systems (/proc answers ENOENT for a folder it will never create);
 * one non-recursive mkdir per level fails at once instead.
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const info = await stat(at).catch((error: unknown) => {
      if (systemCode(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing) await mkdir(folder);
}

/**
 * Checks the output path before anything is rendered, so a path the user cannot write fails at
 * once with INVALID_OUTPUT (exit 2) rather than after every frame (or as an internal error): the
 * output must not be a directory (a folder for HLS), its folder is created if missing, and the
 * work folder beside it is made here (proving the folder is writable). Returns the work folder.
 */
export async function prepareOutput(output: string, workDir: string, kind: 'file' | 'folder'): Promise<string> {
  try {
    const existing = await lstat(output).catch((error: unknown) => {
      if (systemCode(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (existing?.isDirectory() && kind === 'file') throw outputError(output, 'it is a directory');
    if (existing && !existing.isDirectory() && kind === 'folder') throw outputError(output, 'it is a file, and this format writes a folder');
    if (existing?.isDirectory() && kind === 'folder') {
      // The folder is replaced as a whole when the render is done: never a folder of the user's
      // own files (`render promo out/` would have deleted every other video in out/).
      const foreign = await foreignEntry(output);
      if (foreign) {
        throw outputError(output, `the folder holds files that are not an earlier HLS render (${foreign}), and HLS replaces the whole folder: choose a new or empty folder, e.g. ${path.join(output, 'promo')}/`);
      }
    }
    await makeFolders(path.dirname(output));
    await mkdir(workDir);
    return workDir;
  } catch (error) {
    throw toOutputError(output, error);
  }
}

/**
 * The first entry of an existing HLS output folder that an HLS render did not write (its master
 * playlist, and rendition folders of playlists and segments), or undefined when there is none.
 */
async function foreignEntry(folder: string): Promise<string | undefined> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name === HLS_MASTER && entry.isFile()) continue;
    if (entry.isDirectory() && /^\d+p$/.test(entry.name)) {
      const inside = await readdir(path.join(folder, entry.name), { withFileTypes: true });
      const other = inside.find((e) => !(e.isFile() && /^(index\.m3u8|segment-\d+\.ts)$/.test(e.name)));
      if (!other) continue;
      return `${entry.name}/${other.name}`;
    }
    return entry.name;
  }
  return undefined;
}

/** Removes a work folder made by prepareOutput (idempotent). */
export async function removeWorkDir(workDir: string): Promise<void> {
  await rm(workDir, { recursive: true, force: true });
}
