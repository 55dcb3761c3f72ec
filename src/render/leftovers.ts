import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** Whether a process with this id runs on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders under `dir` whose owner process no longer runs: a process killed with -9
 * cannot clean up after itself. `ownerPid` reads the owner's pid from a folder's name, or
 * `undefined` for a folder that is not of this kind; folders of live processes (this one
 * included) stay. Returns the names removed; a missing `dir` removes nothing.
 */
export async function removeDeadOwnersLeftovers(dir: string, ownerPid: (name: string) => number | undefined): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of entries) {
    const pid = ownerPid(name);
    if (pid === undefined || !Number.isInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true, maxRetries: 3 });
    removed.push(name);
  }
  return removed;
}
