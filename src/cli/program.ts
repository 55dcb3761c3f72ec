/**
 * The `framewright` command's engine side. Each subcommand lives in commands/; this file wires
 * them up and turns every failure into one clear line and an exit code (2 bad input, 1 failure).
 * The service adds its own commands (server/cli/): `bin/framewright.js` composes the two, so
 * nothing here knows the service.
 */
import { Command, CommanderError } from 'commander';
import { FramewrightError } from '../errors/index.ts';
import { EXIT_BAD_INPUT, exitCodeFor, formatCliError } from './cli-error.ts';
import { registerBatchCommand } from './commands/batch.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerMediaCommand } from './commands/media.ts';
import { registerRenderCommand } from './commands/render.ts';
import { registerStillCommand } from './commands/still.ts';
import { registerStudioCommand } from './commands/studio.ts';
import { registerTemplatesCommand } from './commands/templates.ts';

/** The program with the engine's commands; callers may register more before running it. */
export function createProgram(): Command {
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
  registerBatchCommand(program);
  registerStillCommand(program);
  registerInitCommand(program);
  registerStudioCommand(program);
  registerMediaCommand(program);
  return program;
}

/** Parses argv and runs the command; failures become one line on stderr and `process.exitCode`. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<void> {
  // `framewright templates | head` closes our stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await program.parseAsync([...argv]);
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
}
