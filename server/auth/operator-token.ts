import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether the request carries the operator's token (`Authorization: Bearer <METRICS_TOKEN>`).
 * Compared as SHA-256 digests in constant time, so neither the length nor a prefix leaks.
 */
export function isOperatorToken(req: Request, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}
