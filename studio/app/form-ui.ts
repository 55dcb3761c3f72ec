import type { UiSchema } from '@rjsf/utils';

type Json = Record<string, unknown>;

const HEX = /^#[0-9a-f]{6}$/i;

function looksLikeColour(schema: Json, value: unknown): boolean {
  if (schema.type !== 'string') return false;
  if (schema.format === 'color') return true;
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
  if (pattern.includes('#') && /0-9a-f/i.test(pattern)) return true;
  return typeof value === 'string' && HEX.test(value) && typeof schema.default === 'string' && HEX.test(schema.default);
}

/**
 * Widgets the JSON Schema alone does not say: a colour picker for `#rrggbb` strings (a regex or
 * a colour default), a slider-free number box that keeps min/max, a textarea for long text.
 */
export function uiSchemaFor(schema: Json, value: unknown): UiSchema {
  if (looksLikeColour(schema, value)) return { 'ui:widget': 'color' };
  if (schema.type === 'string' && typeof schema.maxLength === 'number' && schema.maxLength > 200) return { 'ui:widget': 'textarea' };
  if (schema.type === 'object' && schema.properties && typeof schema.properties === 'object') {
    const ui: UiSchema = {};
    const values = (value && typeof value === 'object' ? value : {}) as Json;
    for (const [key, child] of Object.entries(schema.properties as Record<string, Json>)) {
      const childUi = uiSchemaFor(child, values[key]);
      if (Object.keys(childUi).length) ui[key] = childUi;
    }
    return ui;
  }
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object') {
    const first = Array.isArray(value) ? value[0] : undefined;
    const items = uiSchemaFor(schema.items as Json, first);
    return Object.keys(items).length ? { items } : {};
  }
  return {};
}
