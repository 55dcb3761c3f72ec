import { FramewrightError } from '../../src/errors/index.ts';
import { envSchema, type Env } from './env-schema.ts';

export type StorageConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      bucket: string;
      endpoint: string | undefined;
      region: string;
      forcePathStyle: boolean;
      presignExpiresSeconds: number;
      partSizeBytes: number;
    };

/** The service's settings, resolved once from the environment: every default filled in. */
export interface ServiceConfig {
  http: {
    host: string;
    port: number;
    /** Base of the absolute URLs the API hands out (outputs, docs); derived from host/port if unset. */
    publicUrl: string | undefined;
    maxBodyBytes: number;
    corsOrigins: string[];
    trustProxy: boolean;
    /** Bearer secret of the operator's scraper: /metrics with it shows every tenant's series. */
    metricsToken: string | undefined;
  };
  /** Overrides the project's data dir (bundles, local outputs, the embedded Redis). */
  dataDir: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  redis: { url: string | undefined; prefix: string };
  worker: {
    concurrency: number;
    /** Browser pages per render (the engine's `concurrency` option). */
    renderConcurrency: number;
    attempts: number;
    backoffMs: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    maxStalledCount: number;
    shutdownTimeoutMs: number;
  };
  retentionMs: number;
  stills: { concurrency: number };
  templateReloadIntervalMs: number;
  /** Serve the Studio at /studio (its page and template bundle are public; renders need a key). */
  studio: boolean;
  storage: StorageConfig;
  webhooks: {
    defaultUrl: string | undefined;
    secrets: string[];
    allowPrivate: boolean;
    timeoutMs: number;
    attempts: number;
    backoffMs: number;
  };
  /** Media jobs (transcodes of uploaded videos). */
  media: {
    maxInputBytes: number;
    maxDurationSeconds: number;
    maxPixels: number;
    /** Inputs longer than this are transcoded in segments by several workers. */
    splitThresholdSeconds: number;
    /** Segments of a split job; 0: one per live segment worker (at least 2). */
    segments: number;
    /** Let URL inputs point at loopback/private addresses (off: the SSRF guard refuses them). */
    allowPrivateInputs: boolean;
    fetchTimeoutMs: number;
  };
  limits: {
    requestsPerMinute: number;
    concurrentRenders: number;
    /** Failed authentications one client address may make per minute. */
    authFailuresPerMinute: number;
    /** Renders of one key waiting or running at once; more are refused with 429. */
    queuedRenders: number;
    /** Frames one render may have. */
    framesPerRender: number;
    /** Output width × height one render may have. */
    pixelsPerFrame: number;
    /** Seconds of video one render may have. */
    durationSecondsPerRender: number;
  };
  assets: { maxBytes: number };
  batches: { maxRows: number; maxUploadBytes: number };
}

function describeReceived(value: string | undefined): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/**
 * Validates the environment once. A bad value stops the start with one message per variable,
 * naming it, the rule and the value received, e.g. `PORT must be an integer from 0 to 65535, got "abc"`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      return { path: [name], message: `${name} ${issue.message}, got ${describeReceived(env[name])}` };
    });
    throw new FramewrightError('INVALID_CONFIG', `Invalid configuration: ${issues.map((i) => i.message).join('; ')}`, { issues });
  }
  const e = parsed.data;
  return {
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      maxBodyBytes: e.MAX_BODY_SIZE,
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY,
      metricsToken: e.METRICS_TOKEN,
    },
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    redis: { url: e.REDIS_URL, prefix: e.QUEUE_PREFIX },
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      renderConcurrency: e.RENDER_CONCURRENCY,
      attempts: e.RENDER_ATTEMPTS,
      backoffMs: e.RENDER_BACKOFF,
      lockDurationMs: e.WORKER_LOCK_DURATION,
      stalledIntervalMs: e.WORKER_STALLED_INTERVAL,
      maxStalledCount: e.WORKER_MAX_STALLED,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT,
    },
    retentionMs: e.RENDER_RETENTION,
    stills: { concurrency: e.STILL_CONCURRENCY },
    templateReloadIntervalMs: e.TEMPLATE_RELOAD_INTERVAL,
    studio: e.STUDIO,
    storage:
      e.STORAGE === 's3'
        ? {
            kind: 's3',
            // The schema's refinement already refused STORAGE=s3 without S3_BUCKET.
            bucket: e.S3_BUCKET ?? '',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            presignExpiresSeconds: Math.max(1, Math.round(e.S3_PRESIGN_EXPIRES / 1000)),
            partSizeBytes: e.S3_PART_SIZE,
          }
        : { kind: 'local' },
    webhooks: {
      defaultUrl: e.WEBHOOK_URL,
      secrets: e.WEBHOOK_SECRETS,
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: e.WEBHOOK_TIMEOUT,
      attempts: e.WEBHOOK_ATTEMPTS,
      backoffMs: e.WEBHOOK_BACKOFF,
    },
    media: {
      maxInputBytes: e.MEDIA_MAX_INPUT_SIZE,
      maxDurationSeconds: e.MEDIA_MAX_DURATION / 1000,
      maxPixels: e.MEDIA_MAX_PIXELS,
      splitThresholdSeconds: e.MEDIA_SPLIT_THRESHOLD / 1000,
      segments: e.MEDIA_SEGMENTS,
      allowPrivateInputs: e.MEDIA_ALLOW_PRIVATE_INPUTS,
      fetchTimeoutMs: e.MEDIA_FETCH_TIMEOUT,
    },
    limits: {
      requestsPerMinute: e.RATE_LIMIT_PER_MINUTE,
      concurrentRenders: e.CONCURRENT_RENDERS_PER_KEY,
      authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
      queuedRenders: e.MAX_QUEUED_RENDERS_PER_KEY,
      framesPerRender: e.MAX_FRAMES_PER_RENDER,
      pixelsPerFrame: e.MAX_PIXELS_PER_FRAME,
      durationSecondsPerRender: e.MAX_DURATION_PER_RENDER / 1000,
    },
    assets: { maxBytes: e.MAX_ASSET_SIZE },
    batches: { maxRows: e.MAX_BATCH_ROWS, maxUploadBytes: e.MAX_BATCH_UPLOAD_SIZE },
  };
}
