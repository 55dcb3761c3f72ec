/**
 * The `framewright` command. Each subcommand lives in commands/; this file wires them up and
 * turns every failure into one clear line and an exit code (2 bad input, 1 failure).
 */
import { Command, CommanderError } from 'commander';
import { FramewrightError } from '../errors/index.ts';
import { EXIT_BAD_INPUT, exitCodeFor, formatCliError } from './cli-error.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerMediaCommand } from './commands/media.ts';
import { registerRenderCommand } from './commands/render.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStillCommand } from './commands/still.ts';
import { registerTemplatesCommand } from './commands/templates.ts';
import { registerWorkerCommand } from './commands/worker.ts';

// `framewright templates | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command();
program
  .name('framewright')
  .description('Programmatic video from React templates: render, serve, and scale out.')
  .option('--verbose', 'print stacks and details on failure')
  .option('--project <dir>', 'project directory holding framewright.config.ts (default: current directory)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

registerTemplatesCommand(program);
registerRenderCommand(program);
registerStillCommand(program);
registerServeCommand(program);
registerWorkerCommand(program);
registerKeysCommand(program);
registerMediaCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander already printed its message (unknown flag, missing argument, --help).
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  } else {
    const verbose = Boolean(program.opts().verbose);
    process.stderr.write(`${formatCliError(error, verbose)}\n`);
    process.exitCode = exitCodeFor(error);
    if (error instanceof FramewrightError && error.code === 'CANCELED') process.exitCode = 130;
  }
}
