#!/usr/bin/env node
// The tyndau command: runs the TypeScript sources through tsx (no build step needed in a checkout).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
