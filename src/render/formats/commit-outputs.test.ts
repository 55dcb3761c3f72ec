import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitOutputs } from './commit-outputs.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fw-commit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (...p: string[]) => path.join(dir, ...p);

describe('commitOutputs', () => {
  it('moves files and replaces an existing folder whole', async () => {
    mkdirSync(at('work', 'hls'), { recursive: true });
    writeFileSync(at('work', 'hls', 'master.m3u8'), 'new');
    writeFileSync(at('work', 'hls.zip'), 'zip');
    mkdirSync(at('out'));
    writeFileSync(at('out', 'stale.m3u8'), 'old');
    await commitOutputs([
      { staged: at('work', 'hls'), final: at('out') },
      { staged: at('work', 'hls.zip'), final: at('out.zip') },
    ]);
    expect(readFileSync(at('out', 'master.m3u8'), 'utf8')).toBe('new');
    expect(existsSync(at('out', 'stale.m3u8'))).toBe(false);
    expect(readFileSync(at('out.zip'), 'utf8')).toBe('zip');
  });

  it('removes what it already moved when a later move fails: all outputs or none', async () => {
    writeFileSync(at('video.mp4'), 'v');
    await expect(
      commitOutputs([
        { staged: at('video.mp4'), final: at('final.mp4') },
        { staged: at('missing.jpg'), final: at('final.poster.jpg') },
      ]),
    ).rejects.toThrow(/ENOENT/);
    expect(existsSync(at('final.mp4'))).toBe(false);
  });
});
