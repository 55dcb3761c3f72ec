import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
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

/** Reads the owner's pid from a folder named `<prefix><pid>-<random>`; undefined for other names. */
export function pidAfter(prefix: string): (name: string) => number | undefined {
  return (name) => (name.startsWith(prefix) ? Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]) : undefined);
}

const swept = new Map<string, Promise<unknown>>();

/**
 * A fresh folder `<dir>/<prefix><pid>-<random>` owned by this process. The first call for a
 * prefix in a process also removes that prefix's folders of processes that no longer run.
 */
export async function ownedTempDir(prefix: string, dir = os.tmpdir()): Promise<string> {
  const key = path.join(dir, prefix);
  let sweep = swept.get(key);
  if (!sweep) swept.set(key, (sweep = removeDeadOwnersLeftovers(dir, pidAfter(prefix)).catch(() => [])));
  await sweep;
  return mkdtemp(path.join(dir, `${prefix}${process.pid}-`));
}
