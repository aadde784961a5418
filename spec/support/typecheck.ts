import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');

/** Type-check one file with the project's options; returns tsc's output (empty when clean). */
export const typecheck = (file: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-tsc-'));
  try {
    const config = join(dir, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({ extends: join(root, 'tsconfig.json'), include: [file], compilerOptions: { noEmit: true, typeRoots: [join(root, 'node_modules/@types')] } }));
    try {
      execFileSync(process.execPath, [tsc, '-p', config], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
      return '';
    } catch (err) {
      return String((err as { stdout?: string }).stdout ?? err);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * A compile-time fixture's two checks: every `// @ts-expect-error` line is a
 * type error (the file compiles), and with the markers stripped each of them
 * fails (so a marker cannot go stale silently). Returns [markers, errors once
 * stripped] and the clean run's output.
 */
export const checkExpectErrors = (fixture: string): { clean: string; markers: number; errors: number } => {
  const clean = typecheck(fixture);
  const source = readFileSync(fixture, 'utf8');
  const markers = source.split('\n').filter((l) => l.startsWith('// @ts-expect-error')).length;
  const stripped = join(dirname(fixture), `.${fixture.split('/').pop()!.replace(/\.ts$/, '')}.stripped.ts`);
  writeFileSync(stripped, source.replace(/\/\/ @ts-expect-error.*\n/g, '\n'));
  try {
    const errors = typecheck(stripped)
      .split('\n')
      .filter((l) => /error TS\d+/.test(l)).length;
    return { clean, markers, errors };
  } finally {
    rmSync(stripped, { force: true });
  }
};
