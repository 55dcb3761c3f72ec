import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ownedTempDir } from './leftovers.ts';

describe('ownedTempDir: folders named for their process, and what a killed process left', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it("makes a folder named for this process and removes the prefix's folders of processes that no longer run", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'fw-leftovers-'));
    roots.push(root);
    // A process that has exited: its pid runs nothing now.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const folders = {
      dead: `fw-probe-${dead}-abc`,
      mine: `fw-probe-${process.pid}-def`,
      parent: `fw-probe-${process.ppid}-ghi`,
      unnamed: 'fw-probe-XyZ123',
      other: `other-${dead}-x`,
    };
    for (const name of Object.values(folders)) {
      mkdirSync(path.join(root, name));
      writeFileSync(path.join(root, name, 'download.bin'), 'x');
    }
    const made = await ownedTempDir('fw-probe-', root);
    expect(path.basename(made)).toMatch(new RegExp(`^fw-probe-${process.pid}-`));
    expect(existsSync(made)).toBe(true);
    expect(readdirSync(root).sort()).toEqual([folders.mine, folders.other, folders.parent, folders.unnamed, path.basename(made)].sort());
  });
});
