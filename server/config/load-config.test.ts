import { describe, expect, it } from 'vitest';
import { FramewrightError } from '../../src/errors/index.ts';
import { loadConfig } from './load-config.ts';
import { defaultWorkerConcurrency } from '../../src/render/machine-defaults.ts';
import { parseBoolean, parseDuration, parseSize } from './units.ts';

describe('units', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['1.5s', 1_500],
    ['100', 100],
    ['a week', undefined],
    ['-1s', undefined],
    ['', undefined],
  ])('parseDuration(%j) = %j', (text, expected) => expect(parseDuration(text)).toBe(expected));

  it.each([
    ['1mb', 1_048_576],
    ['512kb', 524_288],
    ['10', 10],
    ['2GB', 2 * 1024 ** 3],
    ['big', undefined],
  ])('parseSize(%j) = %j', (text, expected) => expect(parseSize(text)).toBe(expected));

  it.each([
    ['true', true],
    ['1', true],
    ['off', false],
    ['', false],
    ['maybe', undefined],
  ])('parseBoolean(%j) = %j', (text, expected) => expect(parseBoolean(text)).toBe(expected));
});

describe('loadConfig', () => {
  it('fills every default from an empty environment', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, publicUrl: undefined, maxBodyBytes: 1_048_576, corsOrigins: [], trustProxy: false });
    expect(config.redis).toEqual({ url: undefined, prefix: 'fw' });
    expect(config.retentionMs).toBe(7 * 86_400_000);
    expect(config.worker).toMatchObject({ concurrency: defaultWorkerConcurrency(), renderConcurrency: 2, attempts: 3 });
    expect(config.storage).toEqual({ kind: 'local' });
    expect(config.webhooks).toMatchObject({ timeoutMs: 15_000, allowPrivate: false, secrets: [] });
  });

  it('reads S3 settings', () => {
    const config = loadConfig({ STORAGE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true', S3_PRESIGN_EXPIRES: '15m' });
    expect(config.storage).toEqual({ kind: 's3', bucket: 'b', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true, presignExpiresSeconds: 900, partSizeBytes: 8 * 1024 * 1024 });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer from 0 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535, got "70000"'],
    [{ RENDER_RETENTION: 'forever' }, 'RENDER_RETENTION must be a duration'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
    [{ STORAGE: 's3' }, 'S3_BUCKET is required when STORAGE=s3, got nothing'],
    [{ STORAGE: 'ftp' }, 'STORAGE must be local or s3, got "ftp"'],
    [{ S3_PART_SIZE: '1mb' }, 'S3_PART_SIZE must be at least 5mb'],
    [{ WEBHOOK_SECRETS: 'hunter2' }, 'WEBHOOK_SECRETS each secret must look like whsec_<base64>'],
    [{ WEBHOOK_ALLOW_PRIVATE: 'sure' }, 'WEBHOOK_ALLOW_PRIVATE must be true or false'],
  ])('refuses %j naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FramewrightError);
    expect((error as FramewrightError).code).toBe('INVALID_CONFIG');
    expect((error as FramewrightError).message).toContain(message);
    expect((error as FramewrightError).issues[0]!.path[0]).toBe(Object.keys(env)[0] === 'STORAGE' && message.startsWith('S3_BUCKET') ? 'S3_BUCKET' : Object.keys(env)[0]);
  });
});
