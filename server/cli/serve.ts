import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { startService, type RunningService } from '../service.ts';
import { loadProject, type GlobalFlags } from '../../src/cli/context.ts';

/** Resolves once SIGINT/SIGTERM arrived and the service stopped; a second signal exits at once. */
export function stopOnSignal(service: RunningService): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        service.logger.warn({ signal }, 'second signal: exiting without waiting');
        // Redis still gets its clean stop (it flushes the append-only file on SIGTERM).
        service.redis.embedded?.signalStop();
        process.exit(130);
      }
      stopping = true;
      service.logger.info({ signal }, 'stopping: finishing or handing back active renders');
      service
        .close()
        .then(() => {
          service.logger.info('stopped');
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          // Nothing should be left running; if a stray handle is, do not hang for ever.
          setTimeout(() => process.exit(process.exitCode ?? 0), 5_000).unref();
          resolve();
        })
        .catch((error: unknown) => {
          service.logger.error({ err: error }, 'error while stopping');
          process.exitCode = 1;
          resolve();
        });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API and a render worker (embedded Redis unless REDIS_URL is set)')
    .option('--no-worker', 'API only: renders run on `framewright worker` processes')
    .option('--port <n>', 'port to listen on (overrides PORT)')
    .option('--host <address>', 'address to bind (overrides HOST)')
    .action(async (flags: { worker: boolean; port?: string; host?: string }, command: Command) => {
      const config = loadConfig({ ...process.env, ...(flags.port ? { PORT: flags.port } : {}), ...(flags.host ? { HOST: flags.host } : {}) });
      const project = await loadProject(command.optsWithGlobals<GlobalFlags>());
      const service = await startService({ config, project, api: true, worker: flags.worker });
      const url = service.url!;
      process.stdout.write(
        [
          'Framewright is running',
          `  API      ${url}/v1  (templates: ${url}/v1/templates)`,
          `  Docs     ${url}/docs  (OpenAPI: ${url}/openapi.json)`,
          `  Studio   ${url}/studio`,
          `  Redis    ${service.redis.description}`,
          `  Worker   ${service.worker ? `in this process (concurrency ${config.worker.concurrency})` : 'none here (run `framewright worker`)'}`,
          `  Auth     ${(await service.core.apiKeys.count()) > 0 ? 'API keys required (Authorization: Bearer fw_...)' : 'off: no API key exists, so loopback only (framewright keys create --name <name>)'}`,
          `  Webhooks signed with ${service.core.webhookSecrets.generated ? 'a generated secret (framewright keys webhook-secret prints it)' : 'WEBHOOK_SECRETS'}`,
          '',
        ].join('\n'),
      );
      await stopOnSignal(service);
    });
}
