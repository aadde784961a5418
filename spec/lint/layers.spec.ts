import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });

/** Every relative import of a file, resolved to a repo path like `lib/actor/index.ts`. */
const importsOf = (file: string): string[] => {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
    out.push(relative(root, resolve(dirname(file), m[1])).split(sep).join('/').replace(/\.js$/, '.ts'));
  }
  return out;
};

/**
 * The rule of the house (ARCHITECTURE.md): arrows go down. lib/ never imports
 * actors/ or cli/; actors use lib only through its index files; one domain
 * never imports another, except that any may use actors/gossip.
 */
export const checkImport = (from: string, to: string): string | undefined => {
  const [top, area] = from.split('/');
  const [toTop, toArea] = to.split('/');
  const viaIndex = /^lib\/[a-z]+\/index\.ts$/.test(to);
  if (top === 'lib' && (toTop === 'actors' || toTop === 'cli')) return `${from} imports ${to} (lib must not depend on actors/ or cli/)`;
  if (top === 'actors' && toTop === 'lib' && !viaIndex) return `${from} imports ${to} (use lib/${toArea}/index.ts)`;
  if (top === 'actors' && toTop === 'actors' && toArea !== area && toArea !== 'gossip') return `${from} imports ${to} (domains don't import each other)`;
  if (top === 'lib' && toTop === 'lib' && toArea !== area && !viaIndex) return `${from} imports ${to} (use lib/${toArea}/index.ts)`;
  return undefined;
};

export const layerViolations = (files: string[]): string[] =>
  files.flatMap((file) => {
    const from = relative(root, file).split(sep).join('/');
    return importsOf(file).flatMap((to) => checkImport(from, to) ?? []);
  });

describe('layers: arrows go down', () => {
  const cases: Array<[string, string, boolean]> = [
    ['lib/actor/ActorCell.ts', 'lib/supervision/index.ts', true],
    ['lib/actor/ActorCell.ts', 'lib/supervision/Backoff.ts', false],
    ['lib/sim/Simulation.ts', 'actors/redis/index.ts', false],
    ['lib/trace/toHtml.ts', 'cli/main.ts', false],
    ['actors/redis/RedisNode.ts', 'lib/actor/index.ts', true],
    ['actors/redis/RedisNode.ts', 'lib/actor/ActorSystem.ts', false],
    ['actors/redis/RedisNode.ts', 'actors/gossip/index.ts', true],
    ['actors/redis/RedisNode.ts', 'actors/mesos/index.ts', false],
    ['actors/mesos/Master.ts', 'actors/mesos/master/offers.ts', true],
  ];
  for (const [from, to, ok] of cases) {
    it(`should ${ok ? 'allow' : 'refuse'} ${from} → ${to}`, () => {
      expect(checkImport(from, to) === undefined).to.equal(ok);
    });
  }

  it('should find no import against the layering in lib/ and actors/', () => {
    const files = ['lib', 'actors'].flatMap((d) => walk(join(root, d)));
    expect(layerViolations(files)).to.deep.equal([]);
  });
});
