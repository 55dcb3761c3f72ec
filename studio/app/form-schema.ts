import { z } from 'zod';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `anyOf`/`oneOf` branches that are all constants of one type (what zod writes for
 * `z.union([z.literal('a'), z.literal('b')])`) as one `enum`: react-jsonschema-form has no field
 * for a type-less union of constants ("Unsupported field schema"), but a select for an enum.
 */
function constUnionAsEnum(schema: Json): Json {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!Array.isArray(branches) || branches.length === 0) return schema;
  if (!branches.every((b) => isObject(b) && 'const' in b)) return schema;
  const types = new Set(branches.map((b) => (b as Json).type));
  if (types.size !== 1) return schema;
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema;
  const type = [...types][0];
  return { ...rest, ...(type === undefined ? {} : { type }), enum: branches.map((b) => (b as Json).const) };
}

/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs'];
/** Keywords whose value is a schema or a list of schemas. */
const SCHEMA_SLOTS = ['items', 'additionalItems', 'additionalProperties', 'prefixItems', 'anyOf', 'oneOf', 'allOf', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'];

function normalise(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normalise);
  if (!isObject(schema)) return schema;
  // Only schema positions are rewritten: a prop named "enum" or a default value stays as it is.
  const out: Json = { ...schema };
  for (const key of SCHEMA_SLOTS) if (key in out) out[key] = normalise(out[key]);
  for (const key of SCHEMA_MAPS) {
    const map = out[key];
    if (isObject(map)) out[key] = Object.fromEntries(Object.entries(map).map(([name, child]) => [name, normalise(child)]));
  }
  return constUnionAsEnum(out);
}

/**
 * The JSON Schema the props form is generated from: zod's own, in draft-07 (the draft
 * react-jsonschema-form reads: a tuple's elements are `items: [...]`, which it shows as one
 * field each, where 2020-12's `prefixItems` gave no inputs at all; recursive schemas go under
 * `definitions`), with unions of literals as enums.
 */
export function formSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Json;
  delete json.$schema;
  return normalise(json) as Json;
}
