import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Write a benchmark's results as pretty JSON, creating the folder if needed. */
export const writeResults = (file: string, results: unknown): void => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
};
