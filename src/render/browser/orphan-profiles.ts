import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Browser profile folders are `<tmp>/framewright-chromium-<pid>-<random>`. */
export const PROFILE_PREFIX = 'framewright-chromium-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the profile folders of processes that no longer run (a worker killed with -9 cannot
 * clean up after itself; ~4 MB each). Folders of live processes, this one included, stay.
 */
export async function removeOrphanProfiles(dir = os.tmpdir()): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of entries) {
    if (!name.startsWith(PROFILE_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(PROFILE_PREFIX.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || alive(pid)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true, maxRetries: 3 });
    removed.push(name);
  }
  return removed;
}
