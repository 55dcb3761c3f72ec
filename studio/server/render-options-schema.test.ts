import { describe, expect, it } from 'vitest';
import { renderOptions } from '../../src/render/options/registry.ts';
import { renderOptionsJsonSchema } from './render-options-schema.ts';

describe('the Studio render form comes from the option registry', () => {
  it('has every option, with its help text and default, none required', () => {
    const schema = renderOptionsJsonSchema() as { properties: Record<string, { description?: string; default?: unknown }>; required?: string[] };
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(renderOptions).sort());
    expect(schema.properties.crf!.description).toBe(renderOptions.crf.help);
    expect(schema.properties.format!.default).toBe('mp4');
    expect(schema.required ?? []).toEqual([]);
  });

  it('leaves out what the target does not take', () => {
    const schema = renderOptionsJsonSchema(['concurrency']) as { properties: Record<string, unknown> };
    expect(schema.properties).not.toHaveProperty('concurrency');
    expect(schema.properties).toHaveProperty('format');
  });
});

describe('the render form can edit every option', () => {
  it('writes the frames range as draft-07 items, which the form shows as two number fields (2020-12 prefixItems gave none)', () => {
    const schema = renderOptionsJsonSchema() as { properties: Record<string, { items?: unknown; prefixItems?: unknown }> };
    const frames = schema.properties.frames!;
    expect(frames.prefixItems).toBeUndefined();
    expect(frames.items).toEqual([expect.objectContaining({ type: 'integer', minimum: 0 }), expect.objectContaining({ type: 'integer', minimum: 0 })]);
  });
});

describe('help texts describe the option, not its CLI flag', () => {
  it('reuseUnchangedFrames (a checkbox, on by default) says what on means; the --no- flag keeps its own help', async () => {
    const schema = renderOptionsJsonSchema() as { properties: Record<string, { description?: string }> };
    expect(schema.properties.reuseUnchangedFrames!.description).toMatch(/^Reuse/);
    const { Command } = await import('commander');
    const { addRenderOptionFlags } = await import('../../src/cli/option-flags.ts');
    const flag = addRenderOptionFlags(new Command()).options.find((o) => o.long === '--no-reuse-unchanged-frames')!;
    expect(flag.description).toMatch(/^Capture every frame/);
  });
});
