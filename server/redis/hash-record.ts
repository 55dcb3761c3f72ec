import { z } from 'zod';

/**
 * The pieces of a record stored as one Redis hash of string fields (renders, media jobs):
 * read back through a zod schema, so a hash written by an older version, or by hand, fails
 * loudly instead of half-working.
 */

/** A field holding JSON, parsed and then checked against `schema`. */
export function jsonField<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** A time in epoch milliseconds, stored as a decimal string. */
export const millis = z.coerce.number().int().nonnegative();

/** What a failed job reports: a stable code and a message. */
export const storedErrorSchema = z.object({ code: z.string(), message: z.string() });

/** Serialises record fields for HSET: strings as they are, objects as JSON, numbers as decimal strings. */
export function toHashStrings(fields: Partial<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}
