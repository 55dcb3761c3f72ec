import path from 'node:path';
import type { Command } from 'commander';
import { withKeyStore } from '../auth/key-admin.ts';
import type { ApiKeyRecord } from '../auth/api-keys.ts';
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
  const project = await loadProject(command.optsWithGlobals<GlobalFlags>());
  return { config, dataDir: path.resolve(config.dataDir ?? project.config.dataDir) };
}

function describe(record: ApiKeyRecord): string {
  const limits = [record.rateLimitPerMinute ? `${record.rateLimitPerMinute} req/min` : '', record.concurrentRenders ? `${record.concurrentRenders} concurrent` : '']
    .filter(Boolean)
    .join(', ');
  const state = record.revokedAt ? `revoked ${new Date(record.revokedAt).toISOString()}` : 'active';
  return `${record.id.padEnd(18)} ${record.name.padEnd(24)} ${new Date(record.createdAt).toISOString()}  ${state}${limits ? `  (${limits})` : ''}`;
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (stored as SHA-256 hashes in the server’s Redis)');

  keys
    .command('create')
    .description('Create a key and print it once')
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--rate-limit <n>', 'requests per minute (default RATE_LIMIT_PER_MINUTE)')
    .option('--concurrency <n>', 'renders active at once (default CONCURRENT_RENDERS_PER_KEY)')
    .option('--json', 'print JSON')
    .action(async (flags: { name: string; rateLimit?: string; concurrency?: string; json?: boolean }, command: Command) => {
      const rateLimitPerMinute = positiveInt('--rate-limit', flags.rateLimit);
      const concurrentRenders = positiveInt('--concurrency', flags.concurrency);
      const { config, dataDir } = await storeContext(command);
      const { key, record } = await withKeyStore(config, dataDir, (store) =>
        store.create(flags.name, { ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}), ...(concurrentRenders ? { concurrentRenders } : {}) }),
      );
      const { hash: _hash, ...shown } = record;
      if (flags.json) process.stdout.write(`${JSON.stringify({ key, ...shown })}\n`);
      else process.stdout.write(`${key}\n\nKey ${record.id} (${record.name}) created. Store it now: it is not shown again.\n`);
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
