import type { Request, Response } from 'express';
import { FramewrightError } from '../../src/errors/index.ts';
import type { Gatekeeper } from '../http/app-context.ts';
import type { RequestRateLimiter } from '../limits/rate-limit.ts';
import type { Principal } from './principal.ts';
import type { ApiKeyStore } from './api-keys.ts';

const PUBLIC_OWNER = 'public';
const KEY_CHECK_INTERVAL_MS = 1_000;

/**
 * Admits a request: who it is (Bearer API key) and whether it is within its rate limit.
 * While no key was ever created, auth is off (the server then listens on loopback only) and
 * every request is the `public` owner. Once a key exists auth stays on, even if every key is
 * later revoked.
 */
export class KeyGatekeeper implements Gatekeeper {
  private keysExist = false;
  private checkedAt = 0;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly limiter: RequestRateLimiter,
  ) {}

  get authRequired(): boolean {
    return this.keysExist;
  }

  /** Re-reads whether keys exist (at most once a second; sticky once true). */
  async refresh(): Promise<boolean> {
    if (this.keysExist || Date.now() - this.checkedAt < KEY_CHECK_INTERVAL_MS) return this.keysExist;
    this.keysExist = (await this.keys.count()) > 0;
    this.checkedAt = Date.now();
    return this.keysExist;
  }

  async admit(req: Request, res: Response): Promise<Principal> {
    if (!(await this.refresh())) {
      await this.limiter.consume(PUBLIC_OWNER, undefined, res);
      return { owner: PUBLIC_OWNER, keyId: null };
    }
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.setHeader('www-authenticate', 'Bearer realm="framewright"');
      throw new FramewrightError('UNAUTHORIZED', 'Send an API key: Authorization: Bearer fw_...');
    }
    const record = await this.keys.verify(match[1]!);
    if (!record) {
      res.setHeader('www-authenticate', 'Bearer realm="framewright", error="invalid_token"');
      throw new FramewrightError('UNAUTHORIZED', 'The API key is unknown or revoked');
    }
    await this.limiter.consume(record.id, record.rateLimitPerMinute, res);
    return { owner: record.id, keyId: record.id };
  }
}
