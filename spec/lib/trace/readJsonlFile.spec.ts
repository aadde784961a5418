import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeEvent } from '../../../lib/trace/encodeEvent.js';
import { TraceLineError, readJsonlFile, readJsonlLines } from '../../../lib/trace/readJsonlFile.js';
import type { TraceEvent } from '../../../lib/trace/TraceEvent.js';

const a: TraceEvent = { seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 };
const b: TraceEvent = { seq: 2, t: 3, kind: 'milestone', node: 'n1', actor: '/a', lamport: 2, type: 'ready', data: { x: 1 } };

const collect = async (events: AsyncIterable<TraceEvent>): Promise<TraceEvent[]> => {
  const out: TraceEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
};

const readers: [string, (file: string) => Promise<TraceEvent[]>][] = [
  ['readJsonlFile', async (file) => readJsonlFile(file)],
  ['readJsonlLines', (file) => collect(readJsonlLines(file))],
];

describe('readJsonlFile / readJsonlLines', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'troupe-trace-read-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (text: string): string => {
    const file = path.join(dir, 'trace.jsonl');
    fs.writeFileSync(file, text);
    return file;
  };

  for (const [name, read] of readers) {
    describe(name, () => {
      const good: [string, string, TraceEvent[]][] = [
        ['an empty file', '', []],
        ['lines ending in a newline', `${encodeEvent(a)}\n${encodeEvent(b)}\n`, [a, b]],
        ['a last line without newline', `${encodeEvent(a)}\n${encodeEvent(b)}`, [a, b]],
        ['CRLF line ends', `${encodeEvent(a)}\r\n${encodeEvent(b)}\r\n`, [a, b]],
        ['blank lines', `\n${encodeEvent(a)}\n   \n\n${encodeEvent(b)}\n\n`, [a, b]],
      ];
      for (const [what, text, expected] of good) {
        it(`should read ${what}`, async () => {
          expect(await read(write(text))).to.deep.equal(expected);
        });
      }

      const bad: [string, string, number, RegExp][] = [
        ['a line that is not JSON', `${encodeEvent(a)}\n{oops\n`, 2, /not JSON/],
        ['an invalid event after blank lines', `\n\n${encodeEvent(a)}\n{"seq":"2"}\n`, 4, /seq: expected number, got "2"/],
      ];
      for (const [what, text, line, reason] of bad) {
        it(`should report ${what} with its line number`, async () => {
          const file = write(text);
          let caught: unknown;
          try {
            await read(file);
          } catch (err) {
            caught = err;
          }
          expect(caught).to.be.instanceOf(TraceLineError);
          const error = caught as TraceLineError;
          expect(error._tag).to.equal('TraceLineError');
          expect(error.file).to.equal(file);
          expect(error.line).to.equal(line);
          expect(error.reason).to.match(reason);
          expect(error.message).to.equal(`${file}:${line}: ${error.reason}`);
        });
      }

      it('should fail on a missing file', async () => {
        let caught: unknown;
        try {
          await read(path.join(dir, 'missing.jsonl'));
        } catch (err) {
          caught = err;
        }
        expect((caught as NodeJS.ErrnoException).code).to.equal('ENOENT');
      });
    });
  }

  it('should let a streaming reader stop early', async () => {
    const file = write(`${encodeEvent(a)}\n${encodeEvent(b)}\n{bad\n`);
    const seen: number[] = [];
    for await (const e of readJsonlLines(file)) {
      seen.push(e.seq);
      if (e.seq === 2) break;
    }
    expect(seen).to.deep.equal([1, 2]);
  });
});
