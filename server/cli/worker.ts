import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { startService } from '../service.ts';
import { loadProject, type GlobalFlags } from '../../src/cli/context.ts';
import { stopOnSignal } from './serve.ts';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run render workers only (any number, on any machine sharing the Redis)')
    .option('--name <name>', 'worker name shown on renders and in logs (default host:pid)')
    .option('--concurrency <n>', 'renders at once in this process (overrides WORKER_CONCURRENCY)')
    .action(async (flags: { name?: string; concurrency?: string }, command: Command) => {
      const config = loadConfig({ ...process.env, ...(flags.concurrency ? { WORKER_CONCURRENCY: flags.concurrency } : {}) });
      const project = await loadProject(command.optsWithGlobals<GlobalFlags>());
      const service = await startService({ config, project, api: false, worker: true, ...(flags.name ? { workerName: flags.name } : {}) });
      process.stdout.write(`Framewright worker running (Redis: ${service.redis.description}, concurrency ${config.worker.concurrency})\n`);
      await stopOnSignal(service);
    });
}
