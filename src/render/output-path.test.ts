import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../errors/index.ts';
import { prepareOutput, removeWorkDir, toOutputError } from './output-path.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'fw-output-path-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const work = (output: string) => path.join(path.dirname(output), `.${path.basename(output)}.test.work`);

describe('prepareOutput', () => {
  it('creates missing folders and the work folder beside the output', async () => {
    const output = path.join(root, 'a', 'b', 'out.mp4');
    const dir = await prepareOutput(output, work(output), 'file');
    expect(existsSync(dir)).toBe(true);
    await removeWorkDir(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it.each([
    ['a directory where a file goes', () => {
      const output = path.join(root, 'is-a-dir.mp4');
      mkdirSync(output, { recursive: true });
      return { output, kind: 'file' as const, reason: 'it is a directory' };
    }],
    ['a file where a folder goes (HLS)', () => {
      const output = path.join(root, 'hls-file');
      writeFileSync(output, 'x');
      return { output, kind: 'folder' as const, reason: 'it is a file' };
    }],
    ['a path under a regular file', () => {
      writeFileSync(path.join(root, 'plain'), 'x');
      return { output: path.join(root, 'plain', 'sub', 'out.mp4'), kind: 'file' as const, reason: 'a part of the path is a file' };
    }],
    // Node's recursive mkdir spins forever here; one level at a time fails at once.
    ['a folder /proc will not create', () => ({ output: '/proc/framewright-unit/out.mp4', kind: 'file' as const, reason: 'nothing can be created there' })],
  ])('refuses %s with INVALID_OUTPUT', async (_name, make) => {
    const { output, kind, reason } = make();
    await expect(prepareOutput(output, work(output), kind)).rejects.toMatchObject({ code: 'INVALID_OUTPUT', message: expect.stringContaining(reason) });
  });
});

describe('toOutputError', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'operation not permitted'],
    ['EROFS', 'read-only'],
  ])('%s is the path’s fault: INVALID_OUTPUT (%s)', (code, reason) => {
    const error = toOutputError('/out/x.mp4', Object.assign(new Error(code), { code }));
    expect(error).toBeInstanceOf(FramewrightError);
    expect(error).toMatchObject({ code: 'INVALID_OUTPUT', message: expect.stringContaining(reason) });
  });

  it('leaves other errors as they are, a full disk included (not the path’s fault)', () => {
    const other = new Error('boom');
    expect(toOutputError('/out/x.mp4', other)).toBe(other);
    const full = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    expect(toOutputError('/out/x.mp4', full)).toBe(full);
  });
});

describe('an HLS folder that exists', () => {
  it('is refused when it holds files an HLS render did not write (they would be deleted with it)', async () => {
    const output = path.join(root, 'videos');
    mkdirSync(output);
    writeFileSync(path.join(output, 'other-video.mp4'), 'x');
    await expect(prepareOutput(output, work(output), 'folder')).rejects.toMatchObject({
      code: 'INVALID_OUTPUT',
      message: expect.stringContaining('holds files that are not an earlier HLS render (other-video.mp4)'),
    });
    expect(existsSync(path.join(output, 'other-video.mp4'))).toBe(true);
  });

  it('is replaced when it is an earlier HLS render, or empty', async () => {
    const earlier = path.join(root, 'earlier-hls');
    mkdirSync(path.join(earlier, '720p'), { recursive: true });
    writeFileSync(path.join(earlier, 'master.m3u8'), '#EXTM3U');
    writeFileSync(path.join(earlier, '720p', 'index.m3u8'), '#EXTM3U');
    writeFileSync(path.join(earlier, '720p', 'segment-000.ts'), 'x');
    await removeWorkDir(await prepareOutput(earlier, work(earlier), 'folder'));
    const empty = path.join(root, 'empty-hls');
    mkdirSync(empty);
    await removeWorkDir(await prepareOutput(empty, work(empty), 'folder'));
    // A stray file inside a rendition folder is someone's too.
    writeFileSync(path.join(earlier, '720p', 'notes.txt'), 'x');
    await expect(prepareOutput(earlier, work(earlier), 'folder')).rejects.toMatchObject({ message: expect.stringContaining('(720p/notes.txt)') });
  });
});
