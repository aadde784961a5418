import { directTransport, type Envelope, type Ref, type Transport } from '../../../lib/actor/index.js';
import type { Reply } from '../Reply.js';

/** Called with a reply and the sequence number of the command it answers. */
export type ReplyHandler = (seq: number, reply: Reply) => void;

/**
 * Where node replies to RESP clients land: a transport in front of the real
 * one that hands messages addressed to its (virtual) node straight to the
 * connection that asked, without an actor or a timer per command. A reply
 * ref is `{ node: endpoint, path: /c<connection>, incarnation: seq }`, so a
 * connection puts back in order the replies of pipelined commands that a
 * node answered out of order (WAIT, writes held during a manual failover).
 *
 * @example
 * const endpoint = new ReplyEndpoint('$resp');
 * const system = createActorSystem({ transport: endpoint });
 * endpoint.register('/c1', (seq, reply) => console.log(seq, reply));
 */
export class ReplyEndpoint implements Transport {
  private readonly handlers = new Map<string, ReplyHandler>();

  constructor(
    /** Name of the virtual node replies are addressed to (no actor lives there). */
    readonly node = '$resp',
    /** Transport of every other message. @default delivered at once */
    public inner: Transport = directTransport,
  ) {}

  /** The ref a connection's command number `seq` is answered at. */
  replyRef(path: string, seq: number): Ref<Reply> {
    return { node: this.node, path, incarnation: seq } as Ref<Reply>;
  }

  /** Route replies addressed to `path` to `handler`. */
  register(path: string, handler: ReplyHandler): void {
    this.handlers.set(path, handler);
  }

  /** Stop routing replies to `path` (late replies are dropped). */
  unregister(path: string): void {
    this.handlers.delete(path);
  }

  send(envelope: Envelope, from: string, to: string, deliver: (envelope: Envelope) => void): void {
    if (to === this.node) {
      const target = envelope.to!;
      this.handlers.get(target.path)?.(target.incarnation, envelope.message as Reply);
      return;
    }
    this.inner.send(envelope, from, to, deliver);
  }
}
