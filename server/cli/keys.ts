import path from 'node:path';
import type { Command } from 'commander';
import { withKeyStore } from '../auth/key-admin.ts';
import type { ApiKeyRecord, KeyLimits } from '../auth/api-keys.ts';
import { parseDuration, parsePixels } from '../config/units.ts';
import { loadConfig } from '../config/load-config.ts';
import { webhookSecrets } from '../webhooks/secrets.ts';
import { FramewrightError } from '../../src/errors/index.ts';
import { loadProject, type GlobalFlags } from '../../src/cli/context.ts';

function positiveInt(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new FramewrightError('INVALID_OPTIONS', `"${flag}" must be a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return n;
}

async function storeContext(command: Command) {
  const config = loadConfig(process.env);
  // Keys live in the data dir: they need no templates.
  const project = await loadProject(command.optsWithGlobals<GlobalFlags>(), { needsTemplates: false });
  return { config, dataDir: path.resolve(config.dataDir ?? project.config.dataDir) };
}

/** `60/min`, `60`, `2/s`, `1000/h` → requests per minute. */
function ratePerMinute(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?\s*$/i.exec(text);
  const perMinute = m ? Number(m[1]) * ({ s: 60, sec: 60, second: 60, h: 1 / 60, hour: 1 / 60 }[(m[2] ?? 'min').toLowerCase()] ?? 1) : NaN;
  if (!Number.isInteger(perMinute) || perMinute < 1) throw new FramewrightError('INVALID_OPTIONS', `"--rate" must be requests per minute such as 60/min (or 2/s, 1200/h), got ${JSON.stringify(text)}`);
  return perMinute;
}

function pixels(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = parsePixels(text);
  if (n === undefined) throw new FramewrightError('INVALID_OPTIONS', `"--max-pixels" must be a size such as 1920x1080 (or a pixel count), got ${JSON.stringify(text)}`);
  return n;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(/^\s*\d+(\.\d+)?\s*$/.test(text) ? `${text}s` : text);
  if (ms === undefined || ms <= 0) throw new FramewrightError('INVALID_OPTIONS', `"--max-duration" must be a duration such as 90s or 5m, got ${JSON.stringify(text)}`);
  return ms / 1000;
}

interface LimitFlags {
  rate?: string;
  rateLimit?: string;
  concurrency?: string;
  maxQueued?: string;
  maxFrames?: string;
  maxPixels?: string;
  maxDuration?: string;
}

/** The limits the flags set (only those given). */
function limitsFrom(flags: LimitFlags): KeyLimits {
  const limits: KeyLimits = {
    rateLimitPerMinute: ratePerMinute(flags.rate) ?? positiveInt('--rate-limit', flags.rateLimit),
    concurrentRenders: positiveInt('--concurrency', flags.concurrency),
    queuedRenders: positiveInt('--max-queued', flags.maxQueued),
    framesPerRender: positiveInt('--max-frames', flags.maxFrames),
    pixelsPerFrame: pixels(flags.maxPixels),
    durationSecondsPerRender: seconds(flags.maxDuration),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as KeyLimits;
}

function withLimitOptions(command: Command): Command {
  return command
    .option('--rate <n/min>', 'requests per minute, e.g. 60/min (default RATE_LIMIT_PER_MINUTE)')
    .option('--rate-limit <n>', 'requests per minute (same as --rate)')
    .option('--concurrency <n>', 'renders active at once (default CONCURRENT_RENDERS_PER_KEY)')
    .option('--max-queued <n>', 'renders queued or running at once (default MAX_QUEUED_RENDERS_PER_KEY)')
    .option('--max-frames <n>', 'frames per render (default MAX_FRAMES_PER_RENDER)')
    .option('--max-pixels <WxH>', 'output size per render, e.g. 1920x1080 (default MAX_PIXELS_PER_FRAME)')
    .option('--max-duration <time>', 'seconds of video per render, e.g. 90s or 5m (default MAX_DURATION_PER_RENDER)');
}

function describe(record: ApiKeyRecord): string {
  const limits = [
    record.rateLimitPerMinute ? `${record.rateLimitPerMinute} req/min` : '',
    record.concurrentRenders ? `${record.concurrentRenders} concurrent` : '',
    record.queuedRenders ? `${record.queuedRenders} queued` : '',
    record.framesPerRender ? `${record.framesPerRender} frames` : '',
    record.pixelsPerFrame ? `${record.pixelsPerFrame} pixels` : '',
    record.durationSecondsPerRender ? `${record.durationSecondsPerRender} s` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const state = record.revokedAt ? `revoked ${new Date(record.revokedAt).toISOString()}` : 'active';
  return `${record.id.padEnd(18)} ${record.name.padEnd(24)} ${new Date(record.createdAt).toISOString()}  ${state}${limits ? `  (${limits})` : ''}`;
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (stored as SHA-256 hashes in the server’s Redis)');

  withLimitOptions(keys.command('create').description('Create a key and print it once; limits not given follow the server defaults').requiredOption('--name <name>', 'who or what the key is for'))
    .option('--json', 'print JSON')
    .action(async (flags: LimitFlags & { name: string; json?: boolean }, command: Command) => {
      const limits = limitsFrom(flags);
      const { config, dataDir } = await storeContext(command);
      const { key, record } = await withKeyStore(config, dataDir, (store) => store.create(flags.name, limits));
      const { hash: _hash, ...shown } = record;
      if (flags.json) process.stdout.write(`${JSON.stringify({ key, ...shown })}\n`);
      else process.stdout.write(`${key}\n\nKey ${record.id} (${record.name}) created. Store it now: it is not shown again.\n`);
    });

  withLimitOptions(keys.command('update').description("Change a key's limits (the server applies them at once)").argument('<id>', 'key id (key_...), from `keys list`'))
    .option('--reset <names>', 'comma-separated limits to put back to the server default: rate, concurrency, max-queued, max-frames, max-pixels, max-duration')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: LimitFlags & { reset?: string; json?: boolean }, command: Command) => {
      const names: Record<string, keyof KeyLimits> = {
        rate: 'rateLimitPerMinute',
        'rate-limit': 'rateLimitPerMinute',
        concurrency: 'concurrentRenders',
        'max-queued': 'queuedRenders',
        'max-frames': 'framesPerRender',
        'max-pixels': 'pixelsPerFrame',
        'max-duration': 'durationSecondsPerRender',
      };
      const reset: Partial<Record<keyof KeyLimits, null>> = {};
      for (const name of (flags.reset ?? '').split(',').map((n) => n.trim()).filter(Boolean)) {
        const field = names[name];
        if (!field) throw new FramewrightError('INVALID_OPTIONS', `"--reset": unknown limit ${JSON.stringify(name)} (one of ${Object.keys(names).join(', ')})`);
        reset[field] = null;
      }
      const changes = { ...reset, ...limitsFrom(flags) };
      if (!Object.keys(changes).length) throw new FramewrightError('INVALID_OPTIONS', 'Give at least one limit to change (see framewright keys update --help)');
      const { config, dataDir } = await storeContext(command);
      const record = await withKeyStore(config, dataDir, (store) => store.update(id, changes));
      const { hash: _hash, ...shown } = record;
      process.stdout.write(flags.json ? `${JSON.stringify(shown)}\n` : `${describe(record)}\n`);
    });

  keys
    .command('list')
    .description('List keys (never the keys themselves)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const { config, dataDir } = await storeContext(command);
      const records = await withKeyStore(config, dataDir, (store) => store.list());
      if (flags.json) process.stdout.write(`${JSON.stringify(records.map(({ hash: _h, ...r }) => r))}\n`);
      else process.stdout.write(records.length ? `${records.map(describe).join('\n')}\n` : 'No API keys: auth is off and the server listens on loopback only.\n');
    });

  keys
    .command('revoke')
    .description('Revoke a key at once (requests with it get 401)')
    .argument('<id>', 'key id (key_...), from `keys list`')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const { config, dataDir } = await storeContext(command);
      const record = await withKeyStore(config, dataDir, (store) => store.revoke(id));
      process.stdout.write(`Revoked ${record.id} (${record.name}).\n`);
    });

  keys
    .command('webhook-secret')
    .description('Print the secret webhooks are signed with (WEBHOOK_SECRETS, or the generated one)')
    .action(async (_flags: unknown, command: Command) => {
      const { config, dataDir } = await storeContext(command);
      const { secrets } = await withKeyStore(config, dataDir, (_store, redis, redisKeys) => webhookSecrets(config, redis, redisKeys));
      process.stdout.write(`${secrets[0]}\n`);
    });
}
