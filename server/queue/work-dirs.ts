import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { removeDeadOwnersLeftovers } from '../../src/render/leftovers.ts';

/** `<host>-<pid>`: whose a work folder is, so a later process can tell a dead owner's leftovers. */
function ownerName(host = os.hostname(), pid = process.pid): string {
  return `${host.replace(/[^A-Za-z0-9.-]/g, '_')}-${pid}`;
}

/**
 * This process's folder for render work under `root` (`root/<host>-<pid>`), after removing the
 * folders that processes of this host left when they were killed (partial videos, frames).
 * Folders of other hosts (a shared DATA_DIR) and of live processes are left alone.
 */
export async function claimWorkRoot(root: string): Promise<{ dir: string; removed: string[]; release: () => Promise<void> }> {
  await mkdir(root, { recursive: true });
  const prefix = `${ownerName(os.hostname(), 0).slice(0, -1)}`;
  const removed = await removeDeadOwnersLeftovers(root, (name) => (name.startsWith(prefix) ? Number(name.slice(prefix.length)) : undefined));
  const dir = path.join(root, ownerName());
  await mkdir(dir, { recursive: true });
  return { dir, removed, release: () => rm(dir, { recursive: true, force: true, maxRetries: 3 }) };
}
