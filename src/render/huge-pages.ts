import { readFileSync } from 'node:fs';

/**
 * Transparent huge pages, as the kernel is set. Chromium reads every captured frame back into
 * fresh buffers (~30 MB a 1080p frame) that the kernel zeroes page by page; with 2 MB pages it
 * faults a fraction as often, and a 1080p capture costs ~25 % less CPU (BENCHMARKS.md, "Transparent
 * huge pages"). It is a setting of the host, which the engine reads but never changes.
 */
export interface HugePagesSetting {
  /** `/sys/kernel/mm/transparent_hugepage/enabled`: anonymous memory. */
  anonymous: string;
  /** `/sys/kernel/mm/transparent_hugepage/shmem_enabled`: shared memory (the frames Chromium passes between its processes). */
  shmem: string;
}

/** Where the kernel shows (and root sets) the setting. */
export const THP_SYSFS = '/sys/kernel/mm/transparent_hugepage';

/** The selected word of a sysfs choice line: `always [madvise] never` → `madvise`. */
export function selectedChoice(line: string): string | undefined {
  return /\[([^\]]+)\]/.exec(line)?.[1];
}

/**
 * The host's setting, or undefined where there is none to read (not Linux, a kernel without THP,
 * a sandbox that hides /sys).
 */
export function readHugePages(read: (file: string) => string = (file) => readFileSync(file, 'utf8')): HugePagesSetting | undefined {
  try {
    const anonymous = selectedChoice(read(`${THP_SYSFS}/enabled`));
    const shmem = selectedChoice(read(`${THP_SYSFS}/shmem_enabled`));
    return anonymous && shmem ? { anonymous, shmem } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether capture gets the cheaper page faults: both kinds of memory set to `always`. */
export function capturesWithHugePages(setting: HugePagesSetting): boolean {
  return setting.anonymous === 'always' && (setting.shmem === 'always' || setting.shmem === 'force');
}

/** `THP always/always`: how bench output and logs name the setting. */
export function describeHugePages(setting: HugePagesSetting | undefined): string {
  return setting ? `THP ${setting.anonymous}/${setting.shmem}` : 'THP unknown';
}
