import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { createActorSystem, defineBehavior, refCodec, reportDecodeErrors, type ActorSystem, type Ref } from '../../../../lib/actor/index.js';
import { TcpTransport } from '../../../../lib/network/index.js';
import { waitFor } from '../../../support/waitFor.js';

const Ping = t.type({ type: t.literal('ping'), n: t.number });
const Pong = t.type({ type: t.literal('pong'), n: t.number });
const Gone = t.type({ type: t.literal('gone') });
/** What crosses the wire: pings and pongs (`go` stays in its process). */
const Wire = t.union([Ping, Pong, Gone]);
type Wire = t.TypeOf<typeof Wire>;
const Go = t.type({ type: t.literal('go'), to: refCodec<Wire>(), from: t.number, count: t.number });
const Msg = t.union([Ping, Pong, Gone, Go]);
type Msg = t.TypeOf<typeof Msg>;

interface Seen {
  /** Pings the echo actor got: their number and the node of their sender. */
  pings: Array<{ n: number; senderNode: string | undefined }>;
  pongs: number[];
  /** Times the echo actor learnt that a ping sender died. */
  gone: number;
}

/** Answers every ping to its sender, and watches the first sender it sees. */
const echo = (seen: Seen) =>
  defineBehavior<Msg, boolean>({
    name: 'echo',
    protocol: Msg,
    init: () => false,
    receive: (watching, msg, ctx) => {
      if (msg.type === 'gone') seen.gone++;
      if (msg.type !== 'ping' || ctx.sender === undefined) return watching;
      seen.pings.push({ n: msg.n, senderNode: ctx.sender.node });
      ctx.tell(ctx.sender as Ref<Msg>, { type: 'pong', n: msg.n });
      if (!watching) ctx.watchWith(ctx.sender, { type: 'gone' });
      return true;
    },
  });

/** Sends `count` pings in one turn on `go`; records pongs. */
const client = (seen: Seen) =>
  defineBehavior<Msg, undefined>({
    name: 'client',
    protocol: Msg,
    init: () => undefined,
    receive: (s, msg, ctx) => {
      if (msg.type === 'go') for (let i = 0; i < msg.count; i++) ctx.tell(msg.to, { type: 'ping', n: msg.from + i });
      if (msg.type === 'pong') seen.pongs.push(msg.n);
      return s;
    },
  });

interface Side {
  system: ActorSystem;
  tcp: TcpTransport;
  port: number;
}

describe('TcpTransport', function () {
  this.timeout(20_000);
  const ports = new Map<string, number>();
  const sides: Side[] = [];
  const side = async (name: string): Promise<Side> => {
    const system = createActorSystem({ name });
    const tcp = new TcpTransport({
      system,
      isLocal: (n) => n === name,
      addressOf: (n) => (ports.has(n) ? { host: '127.0.0.1', port: ports.get(n)! } : undefined),
      listen: { host: '127.0.0.1', port: 0 },
      decode: (_to, message) => {
        const r = Wire.decode(message);
        return E.isLeft(r) ? E.left(reportDecodeErrors(r.left)) : E.right(r.right);
      },
    });
    const port = (await tcp.start())!;
    ports.set(name, port);
    system.transport = tcp;
    const s = { system, tcp, port };
    sides.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of sides.splice(0)) {
      await s.tcp.close();
      await s.system.shutdown();
    }
    ports.clear();
  });

  it('should deliver the frames of one turn in order, in one socket write, from a relay that replies reach', async () => {
    const seen: Seen = { pings: [], pongs: [], gone: 0 };
    const a = await side('a');
    const b = await side('b');
    const echoRef = b.system.node('b').spawn(echo(seen), 'echo') as Ref<Wire>;
    const clientRef = a.system.node('a').spawn(client(seen), 'client') as Ref<Msg>;
    // First round: the connection opens (frames queued while connecting).
    a.system.tell(clientRef, { type: 'go', to: echoRef, from: 1, count: 3 });
    await waitFor('the first pongs', () => seen.pongs.length === 3);
    const writes = a.tcp.stats.writes;
    const frames = a.tcp.stats.framesSent;
    a.system.tell(clientRef, { type: 'go', to: echoRef, from: 4, count: 5 });
    await waitFor('the second pongs', () => seen.pongs.length === 8);
    expect(seen.pings.map((p) => p.n)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.pings.every((p) => p.senderNode === '@a')).to.equal(true);
    expect(seen.pongs).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a.tcp.stats.framesSent - frames).to.equal(5);
    expect(a.tcp.stats.writes - writes).to.equal(1);
    expect(b.tcp.stats.invalid).to.equal(0);
  });

  it('should tell a watcher of a remote sender when the connection to its process breaks', async () => {
    const seen: Seen = { pings: [], pongs: [], gone: 0 };
    const a = await side('a');
    const b = await side('b');
    const echoRef = b.system.node('b').spawn(echo(seen), 'echo') as Ref<Wire>;
    const clientRef = a.system.node('a').spawn(client(seen), 'client') as Ref<Msg>;
    a.system.tell(clientRef, { type: 'go', to: echoRef, from: 1, count: 2 });
    await waitFor('the pongs', () => seen.pongs.length === 2);
    expect(seen.gone).to.equal(0);
    await a.tcp.close();
    await waitFor('the watcher to learn the sender is gone', () => seen.gone === 1);
  });
});
