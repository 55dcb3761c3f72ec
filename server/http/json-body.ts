import express, { type Request, type Response } from 'express';
import { FramewrightError } from '../../src/errors/index.ts';

/** Deeper than any request schema goes; deep enough nesting overflows recursive code later on. */
export const MAX_JSON_DEPTH = 64;

export const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The JSON body parser as a function a route calls after auth: an unauthenticated caller gets
 * 401, never a parse error, and no body is read (or inflated) for them.
 */
export function jsonBodyReader(limitBytes: number): (req: Request, res: Response) => Promise<void> {
  const parse = express.json({ limit: limitBytes, type: JSON_TYPES });
  return (req, res) =>
    new Promise((resolve, reject) => {
      parse(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
    });
}

/** Refuses JSON nested deeper than `max` (walked without recursion, so it cannot overflow). */
export function assertJsonDepth(value: unknown, max = MAX_JSON_DEPTH): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > max) throw new FramewrightError('INVALID_REQUEST', `The request body is nested deeper than ${max} levels`);
    for (const child of Object.values(item as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}
