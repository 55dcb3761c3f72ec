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
  const issues = parsed.error.issues.map((issue, i) => ({ ...zodToIssues(parsed.error)[i]!, message: `${issue.message}${received(issue.input)}` }));
  const code: ErrorCode = part === 'body' ? 'INVALID_BODY' : 'INVALID_REQUEST';
  const where = part === 'body' ? 'request body' : part === 'query' ? 'query string' : 'URL path';
  throw new FramewrightError(code, `Invalid ${where}: ${formatZodIssues(issues)}`, {
    issues: part === 'body' ? issues : issues.map((i) => ({ path: [part, ...i.path], message: i.message })),
  });
}
