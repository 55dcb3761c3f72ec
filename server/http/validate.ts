import type { z } from 'zod';
import { FramewrightError, zodToIssues, formatZodIssues, type ErrorCode } from '../../src/errors/index.ts';

/** `, got 99`: the value the caller sent, short enough for one line. */
function received(input: unknown): string {
  if (input === undefined) return '';
  const text = JSON.stringify(input) ?? String(input);
  return `, got ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

/**
 * Parses one part of a request with its schema. Field issues keep zod's paths, rooted at the
 * part (`errors[].path` = ["output", "crf"]), so a client can point at the field.
 */
export function parseRequestPart<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'path'): z.output<S> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const inputs = parsed.error.issues.map((issue) => issue.input);
  const issues = zodToIssues(parsed.error).map((issue, i) => ({ ...issue, message: `${issue.message}${received(inputs[i])}` }));
  const code: ErrorCode = part === 'body' ? 'INVALID_BODY' : 'INVALID_REQUEST';
  const where = part === 'body' ? 'request body' : part === 'query' ? 'query string' : 'URL path';
  throw new FramewrightError(code, `Invalid ${where}: ${formatZodIssues(issues)}`, {
    issues: part === 'body' ? issues : issues.map((i) => ({ path: [part, ...i.path], message: i.message })),
  });
}
