import type { Command } from 'commander';
import { FramewrightError } from '../../errors/index.ts';
import { startStudio } from '../../../studio/server/start-studio.ts';
import { loadProject, type GlobalFlags } from '../context.ts';

export function registerStudioCommand(program: Command): void {
  program
    .command('studio')
    .description('Preview templates in the browser: live reload, props form, timeline, render and save stills')
    .option('--port <n>', 'port to listen on', '3000')
    .option('--host <address>', 'address to bind (the Studio has no auth: keep it on loopback)', '127.0.0.1')
    .action(async (flags: { port: string; host: string }, command: Command) => {
      const port = Number(flags.port);
      // A bad flag is bad input (exit 2), as for every other command.
      if (!/^\d+$/.test(flags.port) || port > 65_535) throw new FramewrightError('INVALID_OPTIONS', `"--port" must be an integer 0–65535, got ${flags.port}`);
      const project = await loadProject(command.optsWithGlobals<GlobalFlags>());
      const running = await startStudio({
        project,
        port,
        host: flags.host,
        onBuildError: (error) => process.stderr.write(`Studio: ${error instanceof Error ? error.message : String(error)}\n`),
      });
      process.stdout.write(`Framewright Studio: ${running.url}\n  Renders go to ${project.config.dataDir}/studio-renders\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().finally(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
