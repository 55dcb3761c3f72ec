import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTemplate } from '../../src/runtime/define-template.ts';
import { uiSchemaFor } from './form-ui.ts';
import { timecode } from './timecode.ts';
import { checkProps } from './zod-errors.ts';

describe('timecode', () => {
  it.each([
    [0, 30, '00:00:00:00'],
    [29, 30, '00:00:00:29'],
    [30, 30, '00:00:01:00'],
    [30 * 61 + 5, 30, '00:01:01:05'],
    [25 * 3600, 25, '01:00:00:00'],
  ])('frame %i at %i fps is %s', (frame, fps, expected) => expect(timecode(frame, fps)).toBe(expected));
});

describe('checkProps: zod messages placed at their fields', () => {
  const template = defineTemplate({
    id: 't',
    component: () => null,
    schema: z.object({ title: z.string().max(3), items: z.array(z.object({ n: z.number().min(0) })) }),
    defaultProps: { title: 'a', items: [] },
    width: 10,
    height: 10,
    fps: 30,
    durationInFrames: 1,
  });

  it('returns no errors for valid props', () => {
    expect(checkProps(template, { title: 'ok', items: [{ n: 1 }] })).toEqual({ errorSchema: {}, messages: [] });
  });

  it('nests each message by path, as the form expects', () => {
    const { errorSchema, messages } = checkProps(template, { title: 'long', items: [{ n: 1 }, { n: -1 }] });
    const zodTitle = z.string().max(3).safeParse('long').error!.issues[0]!.message;
    expect(errorSchema).toEqual({ title: { __errors: [zodTitle] }, items: { 1: { n: { __errors: [expect.any(String)] } } } });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBe(`title: ${zodTitle}`);
  });
});

describe('uiSchemaFor: widgets JSON Schema does not name', () => {
  it('gives #rrggbb strings a colour picker (regex or colour default), nested and in arrays', () => {
    const schema = z.toJSONSchema(
      z.object({
        accent: z.string().regex(/^#[0-9a-fA-F]{6}$/),
        name: z.string(),
        theme: z.object({ bg: z.string().default('#000000') }),
        palette: z.array(z.string().regex(/^#[0-9a-f]{6}$/i)),
      }),
      { io: 'input' },
    ) as Record<string, unknown>;
    expect(uiSchemaFor(schema, { accent: '#ffffff', name: 'x', theme: { bg: '#000000' }, palette: [] })).toEqual({
      accent: { 'ui:widget': 'color' },
      theme: { bg: { 'ui:widget': 'color' } },
      palette: { items: { 'ui:widget': 'color' } },
    });
  });
});
