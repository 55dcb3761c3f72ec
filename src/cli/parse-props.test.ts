import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FramewrightError } from '../errors/index.ts';
import { parseProps } from './parse-props.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-props-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return `@${p}`;
}

function error(text: string): FramewrightError {
  try {
    parseProps(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FramewrightError);
    return e as FramewrightError;
  }
  throw new Error('expected a failure');
}

describe('--props', () => {
  it('reads a props file saved with a UTF-8 byte-order mark (Windows editors write one)', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"title":"Grüße 🎬"}')]);
    expect(parseProps(file('bom.json', bom))).toEqual({ title: 'Grüße 🎬' });
  });

  it('says a props file is empty, and names the file whose JSON is invalid', () => {
    const empty = error(file('empty.json', '\n'));
    expect(empty.code).toBe('INVALID_REQUEST');
    expect(empty.message).toMatch(/empty\.json is empty/);
    const bad = error(file('bad.json', '{"title": '));
    expect(bad.message).toMatch(/not valid JSON in .*bad\.json/);
  });

  it('refuses JSON that is not an object', () => {
    expect(error('[1, 2]').message).toBe('--props must be a JSON object');
    expect(error('"text"').code).toBe('INVALID_REQUEST');
  });
});
