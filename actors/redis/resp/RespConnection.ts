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
  /** Send the commands parsed from one socket read to the node actor, in order (the server decides how they travel). */
  submit(commands: RedisCommand[]): void;
  /** Write this connection's answered replies once the node's current turn is over (one write per connection per turn). */
  scheduleFlush(connection: RespConnection): void;
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
  /** The encoded reply (a Buffer for raw bytes: binary values, a protocol error naming a raw byte). */
  out: string | Buffer | undefined;
  proto: RespVersion;
  shape: ((r: Reply) => WireReply) | undefined;
  close: boolean;
}

const NO_SLOT: Slot = Object.freeze({ out: undefined, proto: 2, shape: undefined, close: false }) as Slot;

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
  /** Slots in sequence order: `slots[i]` is command number `head + i`; `head` is the next reply to write. */
  private slots: Slot[] = [];
  private slotsStart = 0;
  private head = 1;
  private nextSeq = 1;
  private paused = false;
  /** The client half-closed its side. */
  private ended = false;
  private closing = false;
  private gone = false;
  /** A flush is scheduled with the host. */
  flushScheduled = false;
  /** Commands parsed from the current read, sent to the node together when the read is parsed. */
  private batch: RedisCommand[] = [];

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

  /** Run the parsed commands until input runs out or backpressure says stop; the node gets them as one batch. */
  private pump(): void {
    this.parseAndRun();
    if (this.batch.length > 0) {
      const commands = this.batch;
      this.batch = [];
      this.host.submit(commands);
    }
  }

  private parseAndRun(): void {
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
    this.slots.push({ out: undefined, proto: this.proto, shape, close: false });
    this.batch.push({ type: 'command', argv, replyTo: this.host.endpoint.replyRef(this.path, seq), conn: this.path });
  }

  /** Answer now (in order after the commands in flight); `undefined`: no reply, only the close. */
  private local(reply: WireReply | undefined, close: boolean): void {
    this.nextSeq++;
    this.slots.push({ out: reply === undefined ? '' : encodeReply(reply, this.proto), proto: this.proto, shape: undefined, close });
    if (close) this.closing = true;
    this.flush();
  }

  /** A final reply given as bytes, then the close. */
  private localBytes(bytes: Buffer): void {
    this.nextSeq++;
    this.slots.push({ out: bytes, proto: this.proto, shape: undefined, close: true });
    this.closing = true;
    this.flush();
  }

  private readonly onReply = (seq: number, reply: Reply): void => {
    const slot = seq >= this.head ? this.slots[this.slotsStart + seq - this.head] : undefined;
    if (slot === undefined || slot.out !== undefined) return;
    slot.out = encodeReply(slot.shape === undefined ? reply : slot.shape(reply), slot.proto);
    // The replies to a batch arrive while the node handles it: they go out in one write once it is done.
    if (seq === this.head && !this.flushScheduled) {
      this.flushScheduled = true;
      this.host.scheduleFlush(this);
    }
  };

  /** Write every reply that is ready, in order (the host calls it after the node's turn). */
  flush(): void {
    this.flushScheduled = false;
    if (this.gone) return;
    let close = false;
    let text = '';
    let corked = false;
    const slots = this.slots;
    let i = this.slotsStart;
    for (; i < slots.length; i++) {
      const slot = slots[i];
      const out = slot.out;
      if (out === undefined) break;
      slots[i] = NO_SLOT;
      this.head++;
      if (typeof out === 'string') text += out;
      else {
        // Raw bytes among text: one write of several pieces.
        if (!corked) {
          corked = true;
          this.socket.cork();
        }
        if (text.length > 0) this.socket.write(text);
        text = '';
        this.socket.write(out);
      }
      if (slot.close) {
        close = true;
        i++;
        break;
      }
    }
    if (i >= slots.length) {
      slots.length = 0;
      this.slotsStart = 0;
    } else if (i > 1024 && i * 2 > slots.length) {
      this.slots = slots.slice(i);
      this.slotsStart = 0;
    } else this.slotsStart = i;
    if (text.length > 0) this.socket.write(text);
    if (corked) this.socket.uncork();
    if (text.length > 0 || corked) {
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
    this.slots = [];
    this.slotsStart = 0;
    this.batch = [];
    this.host.endpoint.unregister(this.path);
    this.host.connectionClosed(this.path);
    this.host.closed(this);
  }
}
