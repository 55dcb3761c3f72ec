import { describe, expect, it } from 'vitest';
import { resolveRenderOptions } from '../../src/render/options/resolve-options.ts';
import { canonicalJson } from './canonical.ts';
import { renderCacheKey } from './render-cache.ts';
import { isRenderId, newRenderId } from './render-id.ts';
import { parseRecord, toHashFields, type RenderRecord } from './render-record.ts';
import { toRender } from './render-view.ts';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[1, undefined, 'x'], '[1,null,"x"]'],
    ['s', '"s"'],
    [null, 'null'],
  ])('%j → %s', (value, expected) => expect(canonicalJson(value)).toBe(expected));
});

describe('renderCacheKey', () => {
  const base = { owner: 'k1', bundleHash: 'abc', template: 't', props: { a: 1, b: [1, 2] }, options: resolveRenderOptions({ crf: 20 }) };

  it('ignores key order and options that do not change the output', () => {
    const same = renderCacheKey({ ...base, props: { b: [1, 2], a: 1 }, options: resolveRenderOptions({ crf: 20, concurrency: 8, delayRenderTimeoutMs: 5_000 }) });
    expect(same).toBe(renderCacheKey(base));
  });

  it.each([
    ['owner', { owner: 'k2' }],
    ['bundle', { bundleHash: 'def' }],
    ['template', { template: 'u' }],
    ['props', { props: { a: 2, b: [1, 2] } }],
    ['output options', { options: resolveRenderOptions({ crf: 21 }) }],
  ])('changes with the %s', (_name, change) => {
    expect(renderCacheKey({ ...base, ...change })).not.toBe(renderCacheKey(base));
  });
});

describe('render ids', () => {
  it('sort by creation time as plain strings', () => {
    const ids = [newRenderId(1_000), newRenderId(2_000), newRenderId(1_700_000_000_000), newRenderId(1_700_000_000_001)];
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every(isRenderId)).toBe(true);
    expect(isRenderId('rnd_../../etc')).toBe(false);
  });
});

describe('render records', () => {
  const record: RenderRecord = {
    id: 'rnd_x',
    owner: 'public',
    template: 'color-frames',
    status: 'succeeded',
    createdAt: 1_000,
    startedAt: 2_000,
    finishedAt: 3_000,
    request: { template: 'color-frames', props: { a: [] }, metadata: { tags: [] } },
    output: { key: 'renders/rnd_x/output.mp4', fileName: 'output.mp4', contentType: 'video/mp4', bytes: 10, durationSeconds: 1, width: 2, height: 2, fps: 30, frames: 30 },
    attempts: 1,
  };

  it('round-trip through Redis hash fields (empty arrays stay arrays)', () => {
    expect(parseRecord(toHashFields(record))).toEqual(record);
  });

  it('refuse a corrupt hash loudly', () => {
    expect(() => parseRecord({ ...toHashFields(record), status: 'exploded' })).toThrow();
    expect(() => parseRecord({ ...toHashFields(record), request: '{not json' })).toThrow(/not JSON/);
  });

  it('become the public Render with absolute URLs', () => {
    const view = toRender(record, 'https://video.example.com');
    expect(view).toMatchObject({
      id: 'rnd_x',
      status: 'succeeded',
      stage: 'done',
      progress: 1,
      createdAt: '1970-01-01T00:00:01.000Z',
      output: { url: 'https://video.example.com/v1/renders/rnd_x/output', bytes: 10, posterUrl: null },
      webhook: null,
      metadata: { tags: [] },
    });
  });
});
