import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Time and randomness must come from the troupe clock and the seeded PRNG (see CONVENTIONS.md, rule 5). */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['Date.now()', /\bDate\.now\s*\(/],
  ['new Date()', /\bnew Date\s*\(\s*\)/],
  ['Math.random()', /\bMath\.random\s*\(/],
  ['setTimeout()', /(^|[^.\w])setTimeout\s*\(/],
  ['setInterval()', /(^|[^.\w])setInterval\s*\(/],
  ['performance.now()', /\bperformance\.now\s*\(/],
  ['process.hrtime()', /\bprocess\.hrtime\b/],
];
const ALLOWED_DIRS = ['lib/time/', 'lib/random/'];

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });

/** Source lines that use a forbidden call, without comments. */
export const findWallClockUses = (files: string[]): string[] =>
  files.flatMap((file) => {
    const rel = relative(root, file);
    if (ALLOWED_DIRS.some((d) => rel.startsWith(d))) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
        return FORBIDDEN.filter(([, re]) => re.test(code)).map(([name]) => `${rel}:${i + 1} uses ${name}`);
      });
  });

describe('no wall clock or Math.random outside lib/time and lib/random', () => {
  it('should find none in lib/ and actors/', () => {
    const dirs = ['lib', 'actors'].map((d) => join(root, d)).filter((d) => {
      try {
        return statSync(d).isDirectory();
      } catch {
        return false;
      }
    });
    expect(findWallClockUses(dirs.flatMap(walk))).to.deep.equal([]);
  });

  it('should catch each forbidden call (the check itself can fail)', () => {
    const offenders = findWallClockUses([fileURLToPath(new URL('./fixtures/wallClockOffender.ts.txt', import.meta.url))]);
    expect(offenders.map((o) => o.replace(/^.*uses /, ''))).to.deep.equal([
      'Date.now()',
      'new Date()',
      'Math.random()',
      'setTimeout()',
      'setInterval()',
      'performance.now()',
      'process.hrtime()',
    ]);
  });
});
