import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { claimWorkRoot } from './work-dirs.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'fw-workdirs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("removes the work folders of this host's dead processes, keeps live ones and other hosts'", async () => {
  const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  const dead = spawnSync('true').pid!;
  const deadDir = path.join(root, `${host}-${dead}`, 'rnd_x-1234');
  mkdirSync(deadDir, { recursive: true });
  writeFileSync(path.join(deadDir, 'video.mp4'), Buffer.alloc(1024));
  const liveDir = path.join(root, `${host}-${process.ppid}`);
  const otherHost = path.join(root, `some-other-host-${dead}`);
  mkdirSync(liveDir);
  mkdirSync(otherHost);

  const work = await claimWorkRoot(root);
  expect(work.removed).toEqual([`${host}-${dead}`]);
  expect(existsSync(path.join(root, `${host}-${dead}`))).toBe(false);
  expect(existsSync(liveDir)).toBe(true);
  expect(existsSync(otherHost)).toBe(true);
  expect(work.dir).toBe(path.join(root, `${host}-${process.pid}`));
  await work.release();
  expect(existsSync(work.dir)).toBe(false);
});
