import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createJsonlFileSink } from '../../../lib/trace/JsonlFileSink.js';
import { encodeEvent } from '../../../lib/trace/encodeEvent.js';
import { readJsonlFile } from '../../../lib/trace/readJsonlFile.js';
import type { TraceEvent } from '../../../lib/trace/TraceEvent.js';
import { createTracer } from '../../../lib/trace/Tracer.js';

const event = (seq: number): TraceEvent => ({
  seq,
  t: seq * 10,
  kind: seq % 2 === 0 ? 'deliver' : 'send',
  node: 'n1',
  actor: '/worker',
  lamport: seq,
  msg: seq,
  type: 'Work',
  detail: `naïve ✓ "${seq}"`,
});

describe('JsonlFileSink', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'troupe-trace-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should write one encodeEvent line per event, in order', async () => {
    const file = path.join(dir, 'run.jsonl');
    const sink = createJsonlFileSink(file);
    const events = [1, 2, 3].map(event);
    for (const e of events) sink.write(e);
    await sink.close();
    expect(fs.readFileSync(file, 'utf8')).to.equal(events.map((e) => encodeEvent(e) + '\n').join(''));
  });

  it('should hold lines until a chunk is full, then write them synchronously', () => {
    const file = path.join(dir, 'chunks.jsonl');
    const oneLine = encodeEvent(event(1)).length + 1;
    const sink = createJsonlFileSink(file, { chunkChars: oneLine * 3 });
    sink.write(event(1));
    sink.write(event(2));
    expect(fs.readFileSync(file, 'utf8')).to.equal('');
    sink.write(event(3));
    // No await: the chunk is on disk before write returns.
    expect(fs.readFileSync(file, 'utf8').split('\n')).to.have.length(4);
    sink.closeSync();
  });

  it('should stream a long run in chunks without losing or reordering events', () => {
    const file = path.join(dir, 'long.jsonl');
    const sink = createJsonlFileSink(file, { chunkChars: 1000 });
    for (let seq = 1; seq <= 5000; seq++) sink.write(event(seq));
    expect(sink.count).to.equal(5000);
    sink.closeSync();
    const read = readJsonlFile(file);
    expect(read).to.have.length(5000);
    expect(read.every((e, i) => e.seq === i + 1)).to.equal(true);
    expect(read[4321]).to.deep.equal(event(4322));
  });

  it('should flush the last chunk on close through the tracer', async () => {
    const file = path.join(dir, 'tracer.jsonl');
    const sink = createJsonlFileSink(file);
    const tracer = createTracer({ sinks: [sink] });
    tracer.record({ t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 });
    tracer.record({ t: 5, kind: 'stop', node: 'n1', actor: '/a', lamport: 2, reason: 'done' });
    await tracer.close();
    expect(sink.closed).to.equal(true);
    expect(readJsonlFile(file)).to.deep.equal([
      { seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 },
      { seq: 2, t: 5, kind: 'stop', node: 'n1', actor: '/a', lamport: 2, reason: 'done' },
    ]);
  });

  it('should create missing directories', async () => {
    const file = path.join(dir, 'a', 'b', 'run.jsonl');
    const sink = createJsonlFileSink(file);
    sink.write(event(1));
    await sink.close();
    expect(readJsonlFile(file)).to.deep.equal([event(1)]);
  });

  it('should truncate an existing file by default and append when asked', async () => {
    const file = path.join(dir, 'again.jsonl');
    for (const options of [{}, {}, { append: true }]) {
      const sink = createJsonlFileSink(file, options);
      sink.write(event(1));
      await sink.close();
    }
    expect(readJsonlFile(file)).to.deep.equal([event(1), event(1)]);
  });

  it('should allow closing twice and refuse writes after close', async () => {
    const sink = createJsonlFileSink(path.join(dir, 'closed.jsonl'));
    await sink.close();
    await sink.close();
    expect(() => sink.write(event(1))).to.throw(/write after close/);
  });
});
