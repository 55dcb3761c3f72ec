import { lstat, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { FramewrightError } from '../errors/index.ts';

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
    await makeFolders(path.dirname(output));
    await mkdir(workDir);
    return workDir;
  } catch (error) {
    throw toOutputError(output, error);
  }
}

/** Removes a work folder made by prepareOutput (idempotent). */
export async function removeWorkDir(workDir: string): Promise<void> {
  await rm(workDir, { recursive: true, force: true });
}
