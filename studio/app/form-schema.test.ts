import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formSchema } from './form-schema.ts';

describe('formSchema (the props form\'s JSON Schema)', () => {
  it('writes a tuple as draft-07 items, one schema per element', () => {
    const point = formSchema(z.object({ point: z.tuple([z.number(), z.string()]) })).properties as Record<string, Record<string, unknown>>;
    expect(point.point!.items).toEqual([{ type: 'number' }, { type: 'string' }]);
    expect(point.point!.prefixItems).toBeUndefined();
  });

  it('turns unions of literals into enums, at any depth, and leaves other unions and data alone', () => {
    const schema = formSchema(
      z.object({
        mode: z.union([z.literal('a'), z.literal('b')]).default('a'),
        list: z.array(z.union([z.literal(1), z.literal(2)])),
        mixed: z.union([z.literal('a'), z.literal(1)]),
        either: z.union([z.string(), z.number()]),
        enum: z.literal('x'),
      }),
    );
    const p = schema.properties as Record<string, Record<string, unknown>>;
    expect(p.mode).toMatchObject({ type: 'string', enum: ['a', 'b'], default: 'a' });
    expect(p.mode!.anyOf).toBeUndefined();
    expect(p.list!.items).toEqual({ type: 'number', enum: [1, 2] });
    expect(p.mixed!.anyOf).toHaveLength(2);
    expect(p.either!.enum).toBeUndefined();
    expect(p.enum).toEqual({ type: 'string', const: 'x' });
    expect(schema.$schema).toBeUndefined();
  });

  it('keeps a recursive schema resolvable (definitions, as draft-07 names them)', () => {
    type Node = { label: string; children: Node[] };
    const node: z.ZodType<Node> = z.lazy(() => z.object({ label: z.string(), children: z.array(node) }));
    const schema = formSchema(z.object({ tree: node }));
    expect(JSON.stringify(schema)).toContain('#/definitions/');
  });
});
