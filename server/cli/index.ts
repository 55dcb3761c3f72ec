import type { Command } from 'commander';
import { registerKeysCommand } from './keys.ts';
import { registerServeCommand } from './serve.ts';
import { registerWorkerCommand } from './worker.ts';

/** The service's commands, added to the engine's program by `bin/framewright.js`. */
export function registerServiceCommands(program: Command): void {
  registerServeCommand(program);
  registerWorkerCommand(program);
  registerKeysCommand(program);
}
