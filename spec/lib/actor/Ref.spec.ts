import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { refCodec, sameRef, formatRef } from '../../../lib/actor/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const fixture = join(here, 'typecheck/refVariance.ts');
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');

/** Type-check one file with the project's options; returns tsc's output (empty when clean). */
const typecheck = (file: string): string => {
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

describe('Ref', () => {
  it('should make every @ts-expect-error line of the variance fixture a type error', function () {
    this.timeout(60_000);
    expect(typecheck(fixture)).to.equal('');
  });

  it('should fail to compile each of those lines once the markers are removed', function () {
    this.timeout(60_000);
    const source = readFileSync(fixture, 'utf8');
    const markers = source.split('\n').filter((l) => l.startsWith('// @ts-expect-error')).length;
    const stripped = join(here, 'typecheck/.refVariance.stripped.ts');
    writeFileSync(stripped, source.replace(/\/\/ @ts-expect-error.*\n/g, '\n'));
    try {
      const out = typecheck(stripped);
      const errors = out.split('\n').filter((l) => /error TS\d+/.test(l)).length;
      expect(markers).to.equal(4);
      expect(errors).to.equal(markers);
    } finally {
      rmSync(stripped, { force: true });
    }
  });

  it('should encode and decode as plain data inside messages', () => {
    const Get = t.type({ type: t.literal('get'), replyTo: refCodec<number>() });
    const ref = { node: 'n1', path: '/a/b', incarnation: 3 };
    const decoded = Get.decode(JSON.parse(JSON.stringify({ type: 'get', replyTo: ref })));
    expect(E.isRight(decoded) && sameRef(decoded.right.replyTo, ref)).to.equal(true);
    expect(E.isLeft(Get.decode({ type: 'get', replyTo: { node: 'n1', path: '/a' } }))).to.equal(true);
    expect(formatRef(ref)).to.equal('n1:/a/b#3');
  });
});
