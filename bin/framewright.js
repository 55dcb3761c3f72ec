#!/usr/bin/env node
// Loads the TypeScript CLI directly through tsx so a fresh clone works right after `npm ci`:
// no build step for a user to know about.
// The engine's commands (src/cli) and the service's (server/cli) are composed here, so the
// engine never imports the service.
import { register } from 'tsx/esm/api';

register();
const { createProgram, runProgram } = await import('../src/cli/program.ts');
const { registerServiceCommands } = await import('../server/cli/index.ts');
const program = createProgram();
registerServiceCommands(program);
await runProgram(program, process.argv);
