import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { defineBehavior, Envelope, EnvelopeKind, type ActorSystem, type AnyRef, type Ref, type RefData, type Transport } from '../../actor/index.js';
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES_DEFAULT, type Frame } from './FrameCodec.js';

/** Where the process hosting a node listens for frames. */
export interface TcpAddress {
  readonly host: string;
  readonly port: number;
}

/** Options of {@link TcpTransport}. */
export interface TcpTransportOptions {
  /** The actor system whose messages it carries (drops are reported to it; senders of incoming frames are relayed in it). */
  system: ActorSystem;
  /** Whether a node is hosted by this process (its messages are delivered at once). */
  isLocal(node: string): boolean;
  /** Where the process hosting a remote node listens (undefined: unreachable, the message is dropped). */
  addressOf(node: string): TcpAddress | undefined;
  /** Listen for frames from other processes here. @default no listener (send only) */
  listen?: TcpAddress;
  /**
   * Decode a message arriving for local actor `to` with its io-ts codec
   * (Left: the frame is counted as invalid and dropped).
   */
  decode(to: RefData, message: unknown): E.Either<string, unknown>;
  /** Encode a message for the wire (an io-ts codec's `encode`). @default the message as is */
  encode?(to: RefData, message: unknown): unknown;
  /** Largest frame accepted. @default 256 MB */
  maxFrameBytes?: number;
  /** Bytes queued for one peer (connecting or slow) before further frames to it are dropped. @default 64 MB */
  maxQueuedBytes?: number;
}

/** Counters of a {@link TcpTransport}. */
export interface TcpTransportStats {
  framesSent: number;
  framesReceived: number;
  bytesSent: number;
  /** Socket writes those frames took (frames sent to one peer in one event-loop turn share a write). */
  writes: number;
  /** Frames dropped: peer unknown or unreachable, queue full, connection lost with frames queued. */
  dropped: number;
  /** Frames that failed decoding or framing. */
  invalid: number;
  /** Connections to or from peers that broke. */
  linksLost: number;
}

/** A decoded message to re-send from a relay (so its receiver sees the remote sender). */
class Injection {
  constructor(
    readonly to: AnyRef,
    readonly message: unknown,
    /** Called once the relay forwarded it. */
    readonly forwarded: () => void,
  ) {}
}

const RELAY_PREFIX = '@';
const RESOLVED = Promise.resolve();

const relayBehavior = defineBehavior<unknown, undefined>({
  name: 'tcp-relay',
  protocol: t.unknown,
  init: () => undefined,
  receive: (s, msg, ctx) => {
    if (msg instanceof Injection) {
      ctx.tell(msg.to, msg.message);
      msg.forwarded();
    }
    return s;
  },
});

interface Peer {
  socket: Socket | undefined;
  connected: boolean;
  /** Frames waiting for the connection to open. */
  queue: Buffer[];
  queuedBytes: number;
  /** Frames sent in this event-loop turn on an open connection, written together when it ends. */
  out: Buffer[];
  outBytes: number;
  /** Remote nodes reached through this address. */
  readonly nodes: Set<string>;
}

/**
 * Carries messages between actor systems in different processes over TCP:
 * each message is a length-prefixed JSON frame (sender, target, payload
 * encoded with the target's io-ts codec) on one connection per peer
 * address; incoming frames are decoded with the receiver's codec before
 * delivery.
 *
 * Frames sent to one peer during an event-loop turn go out in one socket
 * write at its end (a microtask), as Redis writes a replica's buffer once
 * per event-loop iteration.
 *
 * Remote senders are stood for by local relay actors (on node `@<remote
 * node>`, at the sender's path): the receiver's `ctx.sender` is the relay,
 * replies to it go back over TCP, and a death watch on it fires when the
 * connection to that process breaks (as a TCP reset would tell a real
 * server). An incoming message is posted straight to its receiver with the
 * relay as its sender (the relay itself only forwards messages that arrive
 * before this system's first send through the transport). {@link relayRef} gives a local, watchable ref for a remote actor
 * (so `ask` and `watch` work across processes).
 *
 * @example
 * const tcp = new TcpTransport({ system, isLocal: (n) => n === me, addressOf, listen: { host: '127.0.0.1', port: 40001 }, decode });
 * await tcp.start();
 * system.transport = tcp;
 */
export class TcpTransport implements Transport {
  readonly stats: TcpTransportStats = { framesSent: 0, framesReceived: 0, bytesSent: 0, writes: 0, dropped: 0, invalid: 0, linksLost: 0 };
  private readonly peers = new Map<string, Peer>();
  private readonly inbound = new Set<Socket>();
  /** Relay paths per remote node, and the last incarnation seen of each remote sender. */
  private readonly relays = new Map<string, Map<string, number>>();
  private server: Server | undefined;
  private closed = false;
  private readonly maxFrameBytes: number;
  private readonly maxQueuedBytes: number;
  /** The system's delivery into mailboxes, learnt from its first send (incoming frames are posted through it). */
  private arrive: ((envelope: Envelope) => void) | undefined;
  /** Messages handed to a relay actor and not forwarded yet (while any are, later ones take the same way, to keep their order). */
  private relayed = 0;
  private readonly onForwarded = (): void => {
    this.relayed--;
  };
  /** Peers with frames in `out`, written at the end of this event-loop turn. */
  private dirty: Peer[] = [];

  constructor(private readonly options: TcpTransportOptions) {
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES_DEFAULT;
    this.maxQueuedBytes = options.maxQueuedBytes ?? 64 * 1024 * 1024;
  }

  /** Start listening (if asked to); resolves with the bound port. */
  async start(): Promise<number | undefined> {
    const listen = this.options.listen;
    if (listen === undefined) return undefined;
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const a = server.address();
    return typeof a === 'object' && a !== null ? a.port : listen.port;
  }

  /**
   * A local ref standing for actor `path` on remote node `node`: messages to
   * it go over TCP; it terminates when the connection to that process breaks.
   */
  relayRef<M>(node: string, path: string): Ref<M> {
    this.ensureRelay(node, path, 0);
    return { node: `${RELAY_PREFIX}${node}`, path, incarnation: 0 } as Ref<M>;
  }

  send(envelope: Envelope, from: string, to: string, deliver: (envelope: Envelope) => void): void {
    this.arrive ??= deliver;
    if (envelope.message instanceof Injection || this.options.isLocal(to)) {
      deliver(envelope);
      return;
    }
    const target = envelope.to!;
    let node = to;
    let ref: RefData = target;
    if (to.startsWith(RELAY_PREFIX)) {
      node = to.slice(RELAY_PREFIX.length);
      ref = { node, path: target.path, incarnation: this.relays.get(node)?.get(target.path) ?? 0 };
    }
    const address = this.options.addressOf(node);
    if (address === undefined || this.closed) {
      this.drop(envelope, 'node-down');
      return;
    }
    const sender = envelope.sender;
    const message = this.options.encode === undefined ? envelope.message : this.options.encode(ref, envelope.message);
    let bytes: Buffer;
    try {
      bytes = encodeFrame({ from: sender === undefined ? null : { node: sender.node, path: sender.path, incarnation: sender.incarnation }, to: ref, message });
    } catch {
      this.stats.invalid++;
      this.drop(envelope, 'invalid');
      return;
    }
    const peer = this.peerFor(address, node);
    if (peer.queuedBytes + bytes.length > this.maxQueuedBytes) {
      this.drop(envelope, 'loss');
      return;
    }
    this.stats.framesSent++;
    this.stats.bytesSent += bytes.length;
    if (peer.connected) {
      if (peer.out.length === 0) {
        // A resolved promise's then: one plain microtask writes every peer's frames of this turn.
        if (this.dirty.length === 0) void RESOLVED.then(this.flushOut);
        this.dirty.push(peer);
      }
      peer.out.push(bytes);
      peer.outBytes += bytes.length;
    } else {
      peer.queue.push(bytes);
      peer.queuedBytes += bytes.length;
    }
  }

  /** Write each peer's frames of this turn in one write. */
  private readonly flushOut = (): void => {
    const peers = this.dirty;
    this.dirty = [];
    for (const peer of peers) {
      const out = peer.out;
      const bytes = peer.outBytes;
      peer.out = [];
      peer.outBytes = 0;
      if (out.length === 0) continue;
      if (!peer.connected || peer.socket === undefined) {
        this.stats.dropped += out.length;
        continue;
      }
      this.stats.writes++;
      peer.socket.write(out.length === 1 ? out[0] : Buffer.concat(out, bytes));
    }
  };

  /** Close every connection and the listener. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.peers.values()) p.socket?.destroy();
    for (const s of this.inbound) s.destroy();
    const server = this.server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private drop(envelope: Envelope, reason: 'node-down' | 'invalid' | 'loss'): void {
    this.stats.dropped++;
    this.options.system.dropped(envelope, reason === 'invalid' ? 'dead-letter' : reason);
  }

  private peerFor(address: TcpAddress, node: string): Peer {
    const key = `${address.host}:${address.port}`;
    let peer = this.peers.get(key);
    if (peer === undefined) {
      peer = { socket: undefined, connected: false, queue: [], queuedBytes: 0, out: [], outBytes: 0, nodes: new Set() };
      this.peers.set(key, peer);
    }
    peer.nodes.add(node);
    if (peer.socket === undefined) this.dial(peer, address);
    return peer;
  }

  private dial(peer: Peer, address: TcpAddress): void {
    const socket = connect({ host: address.host, port: address.port, noDelay: true });
    peer.socket = socket;
    socket.on('connect', () => {
      peer.connected = true;
      socket.setKeepAlive(true, 1000);
      if (peer.queue.length > 0) {
        this.stats.writes++;
        socket.write(peer.queue.length === 1 ? peer.queue[0] : Buffer.concat(peer.queue, peer.queuedBytes));
      }
      peer.queue = [];
      peer.queuedBytes = 0;
    });
    // Frames only flow from dialer to listener; anything read here is ignored.
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (peer.socket !== socket) return;
      const wasUp = peer.connected;
      peer.socket = undefined;
      peer.connected = false;
      this.stats.dropped += peer.queue.length + peer.out.length;
      peer.queue = [];
      peer.queuedBytes = 0;
      peer.out = [];
      peer.outBytes = 0;
      if (wasUp) this.stats.linksLost++;
      for (const n of peer.nodes) this.peerDown(n);
    });
  }

  private accept(socket: Socket): void {
    this.inbound.add(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1000);
    const decoder = new FrameDecoder(this.maxFrameBytes);
    const seen = new Set<string>();
    socket.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        this.stats.framesReceived++;
        if (f.from !== null) seen.add(f.from.node);
        this.receive(f);
      }
      if (decoder.error !== undefined) {
        this.stats.invalid++;
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.inbound.delete(socket);
      this.stats.linksLost++;
      for (const n of seen) this.peerDown(n);
    });
  }

  private receive(f: Frame): void {
    const system = this.options.system;
    if (!this.options.isLocal(f.to.node)) {
      this.stats.invalid++;
      return;
    }
    const decoded = this.options.decode(f.to, f.message);
    if (E.isLeft(decoded)) {
      this.stats.invalid++;
      return;
    }
    const to = f.to as AnyRef;
    const from = f.from;
    // A nested sender path has no top-level relay: deliver without a sender.
    if (from === null || from.path.lastIndexOf('/') !== 0 || this.options.isLocal(from.node)) {
      system.tell(to, decoded.right);
      return;
    }
    this.ensureRelay(from.node, from.path, from.incarnation);
    const relayNode = `${RELAY_PREFIX}${from.node}`;
    const relay = this.arrive === undefined || this.relayed > 0 ? undefined : system.find(relayNode, from.path);
    if (relay !== undefined) {
      // Straight into the receiver's mailbox, from the relay (what the relay's own tell would post, one actor turn sooner).
      const env = new Envelope(EnvelopeKind.User, decoded.right, relay, system.nextMessageId(), 0, 0);
      env.to = to;
      this.arrive!(env);
      return;
    }
    this.relayed++;
    system.tell({ node: relayNode, path: from.path, incarnation: 0 } as AnyRef, new Injection(to, decoded.right, this.onForwarded));
  }

  private ensureRelay(node: string, path: string, incarnation: number): void {
    let paths = this.relays.get(node);
    if (paths === undefined) this.relays.set(node, (paths = new Map()));
    const known = paths.has(path);
    if (incarnation !== 0 || !known) paths.set(path, incarnation);
    const relayNode = `${RELAY_PREFIX}${node}`;
    const system = this.options.system;
    const host = system.findNode(relayNode) ?? system.node(relayNode, { boot: (n) => this.relays.get(node)?.forEach((_, p) => n.spawn(relayBehavior, p.slice(1))) });
    if (host.isUp && system.find(relayNode, path) === undefined) host.spawn(relayBehavior, path.slice(1));
  }

  /** The connection to a remote node broke: its relays die (watchers learn it), and come back for new traffic. */
  private peerDown(node: string): void {
    const host = this.options.system.findNode(`${RELAY_PREFIX}${node}`);
    if (host === undefined || !host.isUp) return;
    host.crash();
    host.restart();
  }
}
