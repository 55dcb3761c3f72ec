import os from 'node:os';
import { pidAfter, removeDeadOwnersLeftovers } from '../leftovers.ts';

/** Browser profile folders are `<tmp>/framewright-chromium-<pid>-<random>`. */
export const PROFILE_PREFIX = 'framewright-chromium-';

/**
 * Removes the profile folders of processes that no longer run (a worker killed with -9 cannot
 * clean up after itself; ~4 MB each). Folders of live processes, this one included, stay.
 */
export function removeOrphanProfiles(dir = os.tmpdir()): Promise<string[]> {
  return removeDeadOwnersLeftovers(dir, pidAfter(PROFILE_PREFIX));
}
