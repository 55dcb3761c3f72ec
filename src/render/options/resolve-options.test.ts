import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../../errors/index.ts';
import { parseFrameRangeFlag, renderOptions } from './registry.ts';
import { resolveRenderOptions } from './resolve-options.ts';

describe('resolveRenderOptions', () => {
  it('fills every default in one place', () => {
    const o = resolveRenderOptions();
    // These have no format-independent default: the format's profile fills them (mp4 here).
    const byFormat = new Set(['crf', 'pixelFormat', 'audioBitrate', 'preset', 'colorRange']);
    for (const [name, spec] of Object.entries(renderOptions)) {
      if (!byFormat.has(name)) expect(o[name as keyof typeof o]).toEqual(spec.default);
    }
    expect(o.crf).toBe(18);
    expect(o.pixelFormat).toBe('yuv420p');
    expect(o.audioBitrate).toBe('192k');
    expect(o.preset).toBe('medium');
    expect(o.colorRange).toBe('full');
    expect(resolveRenderOptions({ format: 'hls' }).colorRange).toBe('limited');
    expect(resolveRenderOptions({ format: 'mp4', colorRange: 'limited' }).colorRange).toBe('limited');
    expect(resolveRenderOptions({ format: 'png-seq' }).colorRange).toBeUndefined();
  });

  it.each([
    [{ format: 'mov', colorRange: 'full' }, /"colorRange": ProRes is always limited range/],
    [{ format: 'gif', colorRange: 'limited' }, /"colorRange": does not apply to gif/],
  ] as const)('refuses a colour range where it does not apply: %j', (input, message) => {
    expect(() => resolveRenderOptions(input)).toThrow(message);
  });

  it.each([
    { input: { scale: -1 }, field: 'scale', text: /"scale": .*>0.*got -1/ },
    { input: { crf: 60 }, field: 'crf', text: /"crf": .*got 60/ },
    { input: { preset: 'warp' }, field: 'preset', text: /"preset": .*got "warp"/ },
    { input: { frames: [10, 2] }, field: 'frames', text: /"frames": the last frame must not come before the first/ },
    { input: { bogus: 1 }, field: '', text: /bogus/ },
  ])('names the field, the rule and the value: $input', ({ input, field, text }) => {
    try {
      resolveRenderOptions(input as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FramewrightError);
      expect((error as FramewrightError).code).toBe('INVALID_OPTIONS');
      expect((error as FramewrightError).message).toMatch(text);
      if (field) expect((error as FramewrightError).issues[0]!.path[0]).toBe(field);
    }
  });

  it.each([
    ['0-89', [0, 89]],
    ['5', [5, 5]],
    ['10-', [10, Number.MAX_SAFE_INTEGER]],
    ['x-y', 'x-y'],
  ])('parses --frames %s', (text, expected) => {
    expect(parseFrameRangeFlag(text)).toEqual(expected);
  });
});

describe('the option registry documents itself', () => {
  it('every option and its CLI flag appear in the README', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const [name, spec] of Object.entries(renderOptions)) {
      expect(readme, `README documents option ${name}`).toContain(`\`${name}\``);
      if (spec.flag) expect(readme, `README documents ${spec.flag}`).toContain(spec.flag);
    }
  });
});

describe('messages a person can act on', () => {
  it('a --frames text that is not a range says which forms are', () => {
    for (const text of ['abc', '-3', '0-1-2']) {
      expect(() => resolveRenderOptions({ frames: parseFrameRangeFlag(text) as [number, number] })).toThrow(
        `"frames": must be a-b, a- or a (0-based frame numbers, e.g. 0-89, 120- or 7), got ${JSON.stringify(text)}`,
      );
    }
  });

  it('a value JSON cannot spell (Infinity from --scale 1e400) is shown as it is, not as null', () => {
    expect(() => resolveRenderOptions({ scale: Number('1e400') })).toThrow(/"scale": .*, got Infinity$/);
  });
});

describe('options a format would ignore are refused', () => {
  it.each([
    [{ format: 'wav', scale: 2 }, '"scale": does not apply to wav (no picture), got 2'],
    [{ format: 'mov', jpegQuality: 100 }, '"jpegQuality": does not apply to mov (its frames are captured as PNG), got 100'],
    [{ format: 'mp3', jpegQuality: 50 }, '"jpegQuality": does not apply to mp3 (no frame is captured), got 50'],
  ] as const)('%j', (input, message) => {
    expect(() => resolveRenderOptions(input)).toThrow(message);
  });

  it('the defaults themselves are not refused (forms send every field)', () => {
    expect(resolveRenderOptions({ format: 'wav', scale: 1, jpegQuality: 80 }).format).toBe('wav');
    expect(resolveRenderOptions({ format: 'webm', jpegQuality: 95 }).jpegQuality).toBe(95);
  });
});
