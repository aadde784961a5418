#!/usr/bin/env node
// The troupe command. Runs the TypeScript sources through tsx, so it works in a
// fresh clone right after `npm ci` (no build step).
import { register } from 'tsx/esm/api';

register();
// `troupe … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
