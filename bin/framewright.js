#!/usr/bin/env node
// Loads the TypeScript CLI directly through tsx so a fresh clone works right after `npm ci`:
// no build step for a user to know about.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
