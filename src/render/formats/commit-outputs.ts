import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import type { StagedOutput } from './output-writer.ts';

/**
 * Moves staged outputs to their final paths. Files are replaced atomically by rename; a folder
 * (HLS) replaces an existing one by two renames, so readers never see a half-written folder.
 * If one move fails, the outputs already moved are removed again: a render leaves all of its
 * outputs or none.
 */
export async function commitOutputs(outputs: readonly StagedOutput[]): Promise<void> {
  const done: string[] = [];
  try {
    for (const { staged, final } of outputs) {
      await commitOne(staged, final);
      done.push(final);
    }
  } catch (error) {
    await Promise.all(done.map((final) => rm(final, { recursive: true, force: true })));
    throw error;
  }
}

async function commitOne(staged: string, final: string): Promise<void> {
  const isDir = (await stat(staged)).isDirectory();
  const existing = isDir ? await stat(final).catch(() => undefined) : undefined;
  if (!existing) return rename(staged, final);
  const old = `${final}.old-${randomBytes(4).toString('hex')}`;
  await rename(final, old);
  await rename(staged, final);
  await rm(old, { recursive: true, force: true });
}

/** `out/promo.mp4` → `out/promo.poster.jpg`; `out/promo` (an HLS folder) → `out/promo.poster.jpg`. */
export function posterPathFor(output: string): string {
  const base = output.replace(/\/+$/, '');
  const slash = base.lastIndexOf('/');
  const dot = base.lastIndexOf('.');
  return `${dot > slash + 1 ? base.slice(0, dot) : base}.poster.jpg`;
}
