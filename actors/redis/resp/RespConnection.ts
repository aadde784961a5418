import type { Socket } from 'node:net';
import type { RedisCommand } from '../protocol.js';
import { error, type Reply } from '../Reply.js';
import { connectionCommand, type ConnectionState } from './connectionCommands.js';
import type { ReplyEndpoint } from './ReplyEndpoint.js';
import { resp3Shape } from './resp3.js';
import { RespParser, type ResolvedRespLimits } from './RespParser.js';
import { encodeReply, type RespVersion, type WireReply } from './WireReply.js';

/** What a connection needs from its server. */
export interface ConnectionHost {
  /** Queue a command for the node actor (commands of one event-loop turn travel as one message). */
  submit(command: RedisCommand): void;
  /** Tell the node that a connection closed (after its queued commands). */
  connectionClosed(conn: string): void;
  readonly endpoint: ReplyEndpoint;
  readonly requirepass: string | undefined;
  readonly limits: ResolvedRespLimits;
  /** Stop reading while this many commands wait for replies. */
  readonly maxInFlight: number;
  /** Stop reading while the socket holds more unsent bytes than this. */
  readonly outputSoftBytes: number;
  /** Close the client when its unsent replies exceed this (Redis's client-output-buffer-limit). */
  readonly outputHardBytes: number;
  /** The connection closed. */
  closed(conn: RespConnection): void;
}

/** A reply slot: a command sent (or answered locally) whose reply is written in order. */
interface Slot {
  /** The encoded reply (a Buffer for bytes that are not UTF-8 text, such as a protocol error naming a raw byte). */
  out: string | Buffer | undefined;
  proto: RespVersion;
  shape: ((r: Reply) => WireReply) | undefined;
  close: boolean;
}

/**
 * One client connection of the RESP front door: parses requests (RESP
 * multibulk or inline, pipelined), answers connection commands, sends the
 * others to the node actor as `command` messages tagged with the connection
 * id, and writes replies in request order. Reading pauses while too many
 * commands are in flight or the socket's write buffer is over its soft
 * limit; a client past the hard limit, or past the query buffer limit, is
 * closed. After a protocol error the client gets `-ERR Protocol error: …`
 * and the connection closes, as in Redis.
 */
export class RespConnection implements ConnectionState {
  name: string | undefined = undefined;
  proto: RespVersion = 2;
  authenticated: boolean;
  libName: string | undefined = undefined;
  libVersion: string | undefined = undefined;
  readonly addr: string;
  readonly localAddr: string;
  readonly path: string;
  private readonly parser: RespParser;
  /** Slots by sequence number; `head` is the next to write. */
  private readonly slots = new Map<number, Slot>();
  private head = 1;
  private nextSeq = 1;
  private paused = false;
  /** The client half-closed its side. */
  private ended = false;
  private closing = false;
  private gone = false;
  private flushScheduled = false;
  private out = '';

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.authenticated = host.requirepass === undefined;
    this.parser = new RespParser(host.limits);
    this.parser.authenticated = this.authenticated;
    this.addr = `${socket.remoteAddress}:${socket.remotePort}`;
    this.localAddr = `${socket.localAddress}:${socket.localPort}`;
    this.path = `/c${id}`;
    host.endpoint.register(this.path, this.onReply);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 300_000);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.maybeResume());
    socket.on('end', () => this.onEnd());
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
  }

  /** Commands sent and not answered yet. */
  get inFlight(): number {
    return this.nextSeq - this.head;
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.parser.push(chunk);
    this.pump();
  }

  /**
   * The client half-closed (FIN): nothing more will be read; the replies to
   * complete commands still go out, then the connection closes.
   */
  private onEnd(): void {
    this.ended = true;
    if (!this.closing) this.pump();
  }

  /** Run the parsed commands until input runs out or backpressure says stop. */
  private pump(): void {
    while (!this.closing && !this.gone) {
      if (this.inFlight >= this.host.maxInFlight || this.socket.writableLength > this.host.outputSoftBytes) {
        this.pause();
        return;
      }
      const ev = this.parser.next();
      if (ev === undefined) {
        // Input exhausted: after a FIN, close once the replies in flight are written.
        if (this.ended) this.local(undefined, true);
        return;
      }
      if (ev.kind === 'overflow') {
        // Redis closes a client past client-query-buffer-limit without a reply.
        this.destroy();
        return;
      }
      if (ev.kind === 'protocol-error') {
        // The message may quote a raw byte of the input (expected '$', got 'Ç'): written as is, like Redis.
        this.localBytes(Buffer.from(`-ERR ${ev.message.replace(/[\r\n]/g, ' ')}\r\n`, 'latin1'));
        return;
      }
      this.run(ev.argv);
    }
  }

  private run(argv: string[]): void {
    const outcome = connectionCommand(this, argv, this.host.requirepass);
    this.parser.authenticated = this.authenticated;
    if (outcome === undefined) {
      this.send(argv, this.proto === 3 ? resp3Shape(argv) : undefined);
      return;
    }
    if (outcome.kind === 'reply') this.local(outcome.reply, outcome.close === true);
    else this.send(outcome.argv, outcome.shape);
  }

  private send(argv: string[], shape: ((r: Reply) => WireReply) | undefined): void {
    const seq = this.nextSeq++;
    this.slots.set(seq, { out: undefined, proto: this.proto, shape, close: false });
    this.host.submit({ type: 'command', argv, replyTo: this.host.endpoint.replyRef(this.path, seq), conn: this.path });
  }

  /** Answer now (in order after the commands in flight); `undefined`: no reply, only the close. */
  private local(reply: WireReply | undefined, close: boolean): void {
    const seq = this.nextSeq++;
    this.slots.set(seq, { out: reply === undefined ? '' : encodeReply(reply, this.proto), proto: this.proto, shape: undefined, close });
    if (close) this.closing = true;
    this.flush();
  }

  /** A final reply given as bytes, then the close. */
  private localBytes(bytes: Buffer): void {
    this.slots.set(this.nextSeq++, { out: bytes, proto: this.proto, shape: undefined, close: true });
    this.closing = true;
    this.flush();
  }

  private readonly onReply = (seq: number, reply: Reply): void => {
    const slot = this.slots.get(seq);
    if (slot === undefined || slot.out !== undefined) return;
    slot.out = encodeReply(slot.shape === undefined ? reply : slot.shape(reply), slot.proto);
    if (seq === this.head) this.scheduleFlush();
  };

  /**
   * The replies to one batch of commands arrive while the node handles it:
   * they go out in one write once it is done.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(this.flushNow);
  }

  private readonly flushNow = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  private flush(): void {
    if (this.gone) return;
    let close = false;
    for (;;) {
      const slot = this.slots.get(this.head);
      if (slot === undefined || slot.out === undefined) break;
      this.slots.delete(this.head++);
      if (typeof slot.out === 'string') this.out += slot.out;
      else {
        if (this.out.length > 0) this.socket.write(this.out);
        this.out = '';
        this.socket.write(slot.out);
      }
      if (slot.close) {
        close = true;
        break;
      }
    }
    if (this.out.length > 0) {
      const text = this.out;
      this.out = '';
      this.socket.write(text);
      if (this.socket.writableLength > this.host.outputHardBytes) {
        this.destroy();
        return;
      }
    }
    if (close) {
      this.closing = true;
      this.socket.end();
      this.release();
      return;
    }
    this.maybeResume();
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket.pause();
  }

  private maybeResume(): void {
    if (this.closing || this.gone) return;
    if (this.inFlight < this.host.maxInFlight && this.socket.writableLength <= this.host.outputSoftBytes) {
      if (this.paused) {
        this.paused = false;
        this.socket.resume();
      }
      if (this.parser.pending > 0 || this.ended) this.pump();
    }
  }

  /** Close now (server shutdown, crash of the node's server). */
  destroy(): void {
    if (!this.gone) this.socket.destroy();
    this.release();
  }

  private release(): void {
    if (this.gone) return;
    this.gone = true;
    this.closing = true;
    this.slots.clear();
    this.host.endpoint.unregister(this.path);
    this.host.connectionClosed(this.path);
    this.host.closed(this);
  }
}
