import { expect } from 'chai';
import { respLength } from '../../../actors/redis/index.js';
import { ReplBacklog } from '../../../actors/redis/ReplBacklog.js';
import { redisStringToBytes } from '../../../actors/redis/RedisString.js';

/** The RESP encoding of a command, as bytes. */
const encoded = (argv: string[]): Buffer =>
  Buffer.concat([Buffer.from(`*${argv.length}\r\n`), ...argv.flatMap((a) => [Buffer.from(`$${redisStringToBytes(a).length}\r\n`), redisStringToBytes(a), Buffer.from('\r\n')])]);

describe('ReplBacklog', () => {
  const commands: string[][] = [['PING'], ['SET', 'k', 'v'], ['SET', 'ключ', 'x'.repeat(1234)], ['DEL', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], ['SET', '\udcff', ''], ['SET', 'k', 'v'.repeat(9)]];
  for (const argv of commands) {
    it(`should count ${JSON.stringify(argv).slice(0, 40)} as its RESP bytes`, () => {
      expect(respLength(argv)).to.equal(encoded(argv).length);
    });
  }

  it('should keep the newest commands within its size, oldest dropped first', () => {
    const b = new ReplBacklog(100);
    let offset = 0;
    const add = (argv: string[], at: number): void => {
      offset += b.append(argv, offset, at);
    };
    for (let i = 0; i < 10; i++) add(['SET', `k${i}`, 'v'], i);
    // Each SET is 28 bytes: three fit in 100.
    expect(b.size).to.equal(3);
    expect(b.start(offset)).to.equal(7 * 28);
    expect(b.commandsFrom(8 * 28)).to.deep.equal({ start: 8 * 28, commands: [['SET', 'k8', 'v'], ['SET', 'k9', 'v']] });
    expect(b.commandsFrom(0).start).to.equal(7 * 28);
    expect(b.appendedAt(9 * 28)).to.equal(9);
    expect(b.appendedAt(9 * 28 + 1)).to.equal(undefined);
  });

  it('should keep the newest command even when it alone is bigger than the backlog', () => {
    const b = new ReplBacklog(10);
    expect(b.append(['SET', 'k', 'v'], 0, 0)).to.equal(27);
    b.append(['SET', 'k', 'w'], 27, 1);
    expect(b.size).to.equal(1);
    expect(b.commandsFrom(0)).to.deep.equal({ start: 27, commands: [['SET', 'k', 'w']] });
  });

  it('should stay correct across its compaction (thousands of appends)', () => {
    const b = new ReplBacklog(1000);
    let offset = 0;
    for (let i = 0; i < 5000; i++) {
      offset += b.append(['SET', 'k', String(i)], offset, i);
    }
    const { commands } = b.commandsFrom(b.start(offset));
    expect(commands.at(-1)).to.deep.equal(['SET', 'k', '4999']);
    expect(commands.length).to.equal(b.size);
    expect(b.appendedAt(b.start(offset))).to.equal(5000 - b.size);
  });

  it('should take each command as its RESP bytes and give back the same strings (binary-safe)', () => {
    const b = new ReplBacklog(1 << 20);
    let offset = 0;
    for (const argv of commands) {
      const took = b.append(argv, offset, 0);
      expect(took, JSON.stringify(argv).slice(0, 40)).to.equal(encoded(argv).length);
      offset += took;
    }
    expect(b.commandsFrom(0)).to.deep.equal({ start: 0, commands });
    // From the middle: the first command starting at or after the offset.
    const second = respLength(commands[0]);
    expect(b.commandsFrom(1).start).to.equal(second);
    expect(b.commandsFrom(second).commands).to.deep.equal(commands.slice(1));
  });

  it('should keep its bytes right while it moves and grows its buffer (values of every size)', () => {
    const b = new ReplBacklog(50_000);
    let offset = 0;
    const kept: string[][] = [];
    for (let i = 0; i < 3000; i++) {
      const argv = ['SET', `k${i}`, 'v'.repeat((i * 7919) % 20_000), i % 7 === 0 ? 'é\udcff' : 'x'];
      offset += b.append(argv, offset, i);
      kept.push(argv);
    }
    const { start, commands: held } = b.commandsFrom(0);
    expect(held.length).to.equal(b.size);
    expect(held).to.deep.equal(kept.slice(kept.length - held.length));
    expect(start).to.equal(b.start(offset));
    // Within its size: the bytes held, with the newest, are at most maxBytes (or the newest alone).
    expect(offset - start <= 50_000 || held.length === 1).to.equal(true);
  });

  it('should start over when an append does not follow the last one (a new stream copy)', () => {
    const b = new ReplBacklog(1000);
    b.append(['SET', 'a', '1'], 0, 0);
    b.append(['SET', 'b', '2'], 500, 1);
    expect(b.size).to.equal(1);
    expect(b.commandsFrom(0)).to.deep.equal({ start: 500, commands: [['SET', 'b', '2']] });
  });

  it('should be empty after clear (the stream offset is the start)', () => {
    const b = new ReplBacklog(1000);
    b.append(['PING'], 0, 0);
    b.clear();
    expect(b.size).to.equal(0);
    expect(b.start(14)).to.equal(14);
    expect(b.commandsFrom(0)).to.deep.equal({ start: -1, commands: [] });
  });
});
