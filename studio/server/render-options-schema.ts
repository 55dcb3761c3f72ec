import { z } from 'zod';
import { renderOptions } from '../../src/render/options/registry.ts';

/**
 * The render options form of the Studio, from the option registry: every option with its schema
 * and help text, all optional (the engine fills defaults). `omit` drops options the target does
 * not take (the service fixes `concurrency` itself).
 */
export function renderOptionsJsonSchema(omit: readonly string[] = []): Record<string, unknown> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, option] of Object.entries(renderOptions)) {
    if (omit.includes(name)) continue;
    const described = (option.schema as z.ZodType).describe(option.help);
    shape[name] = option.default !== undefined ? described.default(option.default as never) : described.optional();
  }
  // Draft-07, the draft the form (react-jsonschema-form) reads: the `frames` range is a tuple,
  // which 2020-12 writes as `prefixItems` and the form then shows with no inputs at all.
  const schema = z.toJSONSchema(z.object(shape), { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}
