import type { z } from 'zod';
import type { ErrorIssue } from './framewright-error.ts';

export function zodToIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
}

/** `"title": Expected string, received number; "items.2.price": Too small` */
export function formatZodIssues(issues: readonly ErrorIssue[]): string {
  return issues
    .map((i) => (i.path.length ? `"${i.path.join('.')}": ${i.message}` : i.message))
    .join('; ');
}
