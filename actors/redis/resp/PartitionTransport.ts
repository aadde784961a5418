import { directTransport, type Envelope, type Transport } from '../../../lib/actor/index.js';

/**
 * A live transport that can cut links between named nodes (servers of a
 * one-process cluster): messages across a cut are dropped, as a network
 * partition would. Messages from outside any node (`from` empty) and to
 * nodes nobody cut pass at once.
 *
 * @example
 * const net = new PartitionTransport((env) => system.dropped(env, 'partition'));
 * net.partition([['s1'], ['s2', 's3']]);
 * net.heal();
 */
export class PartitionTransport implements Transport {
  private readonly cut = new Map<string, Set<string>>();

  constructor(
    /** Called with each dropped envelope (report it to the system's trace). */
    private readonly onDrop: (envelope: Envelope) => void = () => undefined,
    /** What carries messages that pass. @default delivered at once */
    private readonly inner: Transport = directTransport,
  ) {}

  /** Split the named nodes into groups that cannot reach each other (nodes in no group keep every link). */
  partition(groups: ReadonlyArray<ReadonlyArray<string>>): void {
    for (let i = 0; i < groups.length; i++) {
      for (let j = 0; j < groups.length; j++) {
        if (i === j) continue;
        for (const a of groups[i]) for (const b of groups[j]) this.block(a, b);
      }
    }
  }

  /** Cut the link from `a` to `b` (one way). */
  block(a: string, b: string): void {
    let s = this.cut.get(a);
    if (s === undefined) this.cut.set(a, (s = new Set()));
    s.add(b);
  }

  /** Restore every link. */
  heal(): void {
    this.cut.clear();
  }

  /** Current cuts as `[from, to]` pairs. */
  cuts(): Array<[string, string]> {
    return [...this.cut].flatMap(([a, bs]) => [...bs].map((b) => [a, b] as [string, string]));
  }

  send(envelope: Envelope, from: string, to: string, deliver: (envelope: Envelope) => void): void {
    if (this.cut.size > 0 && this.cut.get(from)?.has(to) === true) {
      this.onDrop(envelope);
      return;
    }
    this.inner.send(envelope, from, to, deliver);
  }
}
