#!/usr/bin/env node
// The troupe command. Runs the TypeScript sources through tsx, so it works in a
// fresh clone right after `npm ci` (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
