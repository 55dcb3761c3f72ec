import { z } from 'zod';
import { defaultWorkerConcurrency } from '../../src/render/machine-defaults.ts';
import { parseBoolean, parseDuration, parsePixels, parseSize } from './units.ts';

/**
 * Every environment variable the service reads, declared once with its rule and default. The
 * README's table of variables is written from this file; `loadConfig` is its only reader.
 */

type Parser<T> = (text: string) => T | undefined;

function parsed<T>(parse: Parser<T>, rule: string, fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx): T => {
      const value = parse(text);
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: rule });
        return z.NEVER;
      }
      return value;
    });
}

const integer = (min: number, max: number, fallback: number) =>
  parsed(
    (t) => (/^\s*-?\d+\s*$/.test(t) && Number(t) >= min && Number(t) <= max ? Number(t) : undefined),
    `must be an integer from ${min} to ${max}`,
    String(fallback),
  );
const duration = (fallback: string) => parsed(parseDuration, 'must be a duration such as 500ms, 30s, 5m, 12h or 7d', fallback);
const size = (fallback: string) => parsed(parseSize, 'must be a size such as 512kb or 2mb', fallback);
const boolean = (fallback: boolean) => parsed(parseBoolean, 'must be true or false', String(fallback));
const list = () =>
  z
    .string()
    .optional()
    .transform((t) => (t ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const httpUrl = () => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional();

export const envSchema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: integer(0, 65_535, 3000),
    PUBLIC_URL: httpUrl(),
    DATA_DIR: z.string().min(1).optional(),
    MAX_BODY_SIZE: size('1mb'),
    CORS_ORIGINS: list(),
    TRUST_PROXY: boolean(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),

    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -').default('fw'),

    // Chosen from the machine: half the cores (at least 2), ~1 GB of memory each.
    WORKER_CONCURRENCY: integer(1, 64, defaultWorkerConcurrency()),
    RENDER_CONCURRENCY: integer(1, 32, 2),
    RENDER_ATTEMPTS: integer(1, 50, 3),
    RENDER_BACKOFF: duration('5s'),
    RENDER_RETENTION: duration('7d'),
    WORKER_LOCK_DURATION: duration('30s'),
    WORKER_STALLED_INTERVAL: duration('30s'),
    WORKER_MAX_STALLED: integer(0, 100, 2),
    SHUTDOWN_TIMEOUT: duration('30s'),
    STILL_CONCURRENCY: integer(1, 16, 2),
    TEMPLATE_RELOAD_INTERVAL: duration('1s'),
    STUDIO: boolean(true),

    STORAGE: z.enum(['local', 's3'], { error: 'must be local or s3' }).default('local'),
    S3_BUCKET: z.string().min(1).optional(),
    S3_ENDPOINT: httpUrl(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_FORCE_PATH_STYLE: boolean(false),
    S3_PRESIGN_EXPIRES: duration('1h'),
    S3_PART_SIZE: size('8mb'),

    WEBHOOK_URL: httpUrl(),
    WEBHOOK_SECRETS: list(),
    WEBHOOK_ALLOW_PRIVATE: boolean(false),
    WEBHOOK_TIMEOUT: duration('15s'),
    WEBHOOK_ATTEMPTS: integer(1, 100, 14),
    WEBHOOK_BACKOFF: duration('10s'),

    RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000, 600),
    AUTH_FAILURES_PER_MINUTE: integer(1, 1_000_000, 30),
    // A scraper's secret: /metrics with it shows every key's usage series (a key sees only its own).
    METRICS_TOKEN: z.string().regex(/^\S{24,}$/, 'must be at least 24 characters without spaces').optional(),
    CONCURRENT_RENDERS_PER_KEY: integer(1, 1_000, 4),

    MEDIA_MAX_INPUT_SIZE: size('2gb'),
    MEDIA_MAX_DURATION: duration('4h'),
    MEDIA_MAX_PIXELS: integer(1, 1_000_000_000, 8192 * 4320),
    MEDIA_SPLIT_THRESHOLD: duration('10m'),
    MEDIA_SEGMENTS: integer(0, 256, 0),
    MEDIA_ALLOW_PRIVATE_INPUTS: boolean(false),
    MEDIA_FETCH_TIMEOUT: duration('10m'),
    MAX_QUEUED_RENDERS_PER_KEY: integer(1, 10_000_000, 10_000),
    MAX_FRAMES_PER_RENDER: integer(1, 100_000_000, 36_000),
    MAX_PIXELS_PER_FRAME: parsed(parsePixels, 'must be a pixel count or a size such as 3840x2160', '3840x2160'),
    MAX_DURATION_PER_RENDER: duration('20m'),
    MAX_ASSET_SIZE: size('100mb'),
    MAX_BATCH_ROWS: integer(1, 1_000_000, 10_000),
    MAX_BATCH_UPLOAD_SIZE: size('10mb'),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE === 's3' && !env.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when STORAGE=s3' });
    if (env.S3_PART_SIZE < 5 * 1024 * 1024) {
      ctx.addIssue({ code: 'custom', path: ['S3_PART_SIZE'], message: 'must be at least 5mb (the S3 minimum part size)' });
    }
    for (const secret of env.WEBHOOK_SECRETS) {
      if (!/^whsec_[A-Za-z0-9+/=]{16,}$/.test(secret)) {
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRETS'], message: 'each secret must look like whsec_<base64>' });
        break;
      }
    }
  });

export type Env = z.output<typeof envSchema>;
export type EnvName = keyof z.input<typeof envSchema>;
