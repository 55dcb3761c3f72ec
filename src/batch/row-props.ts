import { FramewrightError, type ErrorIssue } from '../errors/index.ts';

type JsonSchema = Record<string, unknown>;

/** The JSON Schema types a node allows (`anyOf`/`oneOf` branches included). */
function typesOf(node: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!node) return types;
  const t = node.type;
  if (typeof t === 'string') types.add(t);
  if (Array.isArray(t)) for (const x of t) if (typeof x === 'string') types.add(x);
  if (node.const !== undefined) types.add(typeof node.const === 'string' ? 'string' : typeof node.const);
  if (Array.isArray(node.enum)) for (const v of node.enum) types.add(v === null ? 'null' : typeof v);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) for (const b of branches) for (const x of typesOf(b as JsonSchema)) types.add(x);
  }
  return types;
}

/** The schema of property `name` of an object node (looking into `anyOf`/`oneOf` branches). */
function propertyOf(node: JsonSchema | undefined, name: string): JsonSchema | undefined {
  if (!node) return undefined;
  const props = node.properties as Record<string, JsonSchema> | undefined;
  if (props?.[name]) return props[name];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) {
      for (const b of branches) {
        const found = propertyOf(b as JsonSchema, name);
        if (found) return found;
      }
    }
  }
  return undefined;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const TRUE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);

type Coerced = { value: unknown } | { omit: true } | { issue: string };

/**
 * A text cell as the type its schema asks for: numbers, booleans (true/false, yes/no, 1/0), JSON
 * for arrays and objects, `null` for null. A cell that does not read as that type is left as
 * text, so the template's own zod schema reports it with its usual message. An empty cell is
 * left out (the template's default applies) unless the field is text.
 */
export function coerceCell(text: string, node: JsonSchema | undefined): Coerced {
  const types = typesOf(node);
  const trimmed = text.trim();
  if (trimmed === '') return types.size === 1 && types.has('string') ? { value: text } : { omit: true };
  if (types.has('string') || types.size === 0) return { value: text };
  if (types.has('null') && trimmed === 'null') return { value: null };
  if ((types.has('number') || types.has('integer')) && NUMBER.test(trimmed)) return { value: Number(trimmed) };
  if (types.has('boolean')) {
    const lower = trimmed.toLowerCase();
    if (TRUE.has(lower)) return { value: true };
    if (FALSE.has(lower)) return { value: false };
  }
  if ((types.has('array') || types.has('object')) && /^[[{]/.test(trimmed)) {
    try {
      return { value: JSON.parse(trimmed) as unknown };
    } catch (error) {
      return { issue: `is not valid JSON: ${(error as Error).message}` };
    }
  }
  return { value: text };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `defaults` with `over` merged in depth (objects merged, anything else replaced). */
export function deepMerge(defaults: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(over)) {
    const base = out[key];
    out[key] = isPlainObject(base) && isPlainObject(value) ? deepMerge(base, value) : value;
  }
  return out;
}

/**
 * A row's props: dotted column names become nested props (`price.amount` → `{price: {amount}}`),
 * text cells are coerced by the template's props JSON Schema, and the result is merged in depth
 * over the template's default props (a row that sets `price.amount` keeps the default currency).
 * Columns whose name starts with `_` are not props (use them for names or notes).
 */
export function rowToProps(cells: Record<string, unknown>, propsSchema: JsonSchema, defaultProps: Record<string, unknown>): { props: Record<string, unknown>; issues: ErrorIssue[] } {
  const props: Record<string, unknown> = {};
  const issues: ErrorIssue[] = [];
  for (const [column, raw] of Object.entries(cells)) {
    if (column === '' || column.startsWith('_')) continue;
    const path = column.split('.');
    if (path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) {
      issues.push({ path, message: `"${column}" is not a usable column name` });
      continue;
    }
    let node: JsonSchema | undefined = propsSchema;
    for (const segment of path) node = propertyOf(node, segment);
    let value: unknown = raw;
    if (typeof raw === 'string') {
      const coerced = coerceCell(raw, node);
      if ('omit' in coerced) continue;
      if ('issue' in coerced) {
        issues.push({ path, message: coerced.issue });
        continue;
      }
      value = coerced.value;
    }
    let target = props;
    for (const segment of path.slice(0, -1)) {
      const next = target[segment];
      if (!isPlainObject(next)) target[segment] = {};
      target = target[segment] as Record<string, unknown>;
    }
    target[path.at(-1)!] = value;
  }
  return { props: deepMerge(defaultProps, props), issues };
}

/**
 * The columns of a batch that name no prop of the template (by their first dotted segment),
 * leaving out `_` columns, which are never props. Zod drops unknown props without a word, so
 * without this a header typo, or a semicolon-separated file read as one column, would render
 * every row with the default props.
 */
export function unknownColumns(rows: ReadonlyArray<{ cells: Record<string, unknown> }>, propsSchema: JsonSchema): { columns: string[]; unknown: string[] } {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))].filter((c) => c !== '' && !c.startsWith('_'));
  const extra = propsSchema.additionalProperties;
  // A schema that keeps unknown keys (z.looseObject, a catchall) makes every column a prop.
  if (extra !== undefined && extra !== false) return { columns, unknown: [] };
  const known = new Set(Object.keys((propsSchema.properties as Record<string, unknown> | undefined) ?? {}));
  return { columns, unknown: columns.filter((c) => !known.has(c.split('.')[0]!)) };
}

/**
 * Refuses a batch where columns were given and none of them is a prop of the template: every
 * video would show the default props, which is never what was meant. Returns the columns that
 * are not props (they are ignored, but may still be used in the naming pattern).
 */
export function checkColumns(rows: ReadonlyArray<{ cells: Record<string, unknown> }>, template: { id: string; propsSchema: JsonSchema }): string[] {
  const { columns, unknown } = unknownColumns(rows, template.propsSchema);
  if (columns.length && unknown.length === columns.length) {
    const props = Object.keys((template.propsSchema.properties as Record<string, unknown> | undefined) ?? {});
    const shown = (list: string[]) => list.slice(0, 20).map((c) => JSON.stringify(c)).join(', ') + (list.length > 20 ? ', …' : '');
    throw new FramewrightError(
      'INVALID_BODY',
      `None of the columns (${shown(columns)}) is a prop of template "${template.id}", whose props are ${props.length ? shown(props) : '(none)'}: check the header line (names are case-sensitive) and the separator`,
      { issues: unknown.slice(0, 100).map((c) => ({ path: ['columns', c], message: `is not a prop of "${template.id}"` })) },
    );
  }
  return unknown;
}
