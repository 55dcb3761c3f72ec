import { FramewrightError, type ErrorIssue } from '../../errors/index.ts';
import { applyFormatRules } from '../formats/format-rules.ts';
import { renderOptions, renderOptionsSchema, type RenderOptionsInput, type ResolvedRenderOptions } from './registry.ts';

/** A received option value as messages show it (`got 2`, `got "abc"`, `got Infinity`). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON would print Infinity and NaN (`--scale 1e400`) as null.
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

/** Validates caller options once at the boundary and fills every default in one place. */
export function resolveRenderOptions(input: RenderOptionsInput = {}): ResolvedRenderOptions {
  const parsed = renderOptionsSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const issues: ErrorIssue[] = parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const key = path[0];
      const received = key !== undefined ? (input as Record<string, unknown>)[String(key)] : undefined;
      return { path, message: `${issue.message}, got ${describeValue(received)}` };
    });
    const message = issues.map((i) => `"${i.path.join('.')}": ${i.message}`).join('; ');
    throw new FramewrightError('INVALID_OPTIONS', `Invalid render options: ${message}`, { issues });
  }
  const resolved: Record<string, unknown> = {};
  const explicit = new Set<string>();
  for (const [key, spec] of Object.entries(renderOptions)) {
    const given = (parsed.data as Record<string, unknown>)[key];
    if (given !== undefined) explicit.add(key);
    resolved[key] = given ?? spec.default;
  }
  return applyFormatRules(resolved as ResolvedRenderOptions, explicit);
}
