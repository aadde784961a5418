import type { RefData } from '../../actor/index.js';

/** One message between processes: sender (if an actor sent it), target, payload. */
export interface Frame {
  readonly from: RefData | null;
  readonly to: RefData;
  readonly message: unknown;
}

/** Largest frame accepted by default (a full resync of a big keyspace travels in one frame). @default 256 MB */
export const MAX_FRAME_BYTES_DEFAULT = 256 * 1024 * 1024;

/**
 * A length-prefixed JSON frame: 4-byte big-endian length, then the UTF-8
 * JSON of `{ f, t, m }`.
 *
 * @example
 * socket.write(encodeFrame({ from: null, to: ref, message: { type: 'ping' } }));
 */
export const encodeFrame = (frame: Frame): Buffer => {
  const json = JSON.stringify({ f: frame.from, t: frame.to, m: frame.message });
  // One allocation: the length prefix and the body written in place (no concat copy).
  const length = Buffer.byteLength(json, 'utf8');
  const bytes = Buffer.allocUnsafe(4 + length);
  bytes.writeUInt32BE(length, 0);
  bytes.write(json, 4, 'utf8');
  return bytes;
};

/** Why a byte stream is not a frame stream any more. */
export type FrameError = { readonly _tag: 'FrameTooBig'; readonly bytes: number } | { readonly _tag: 'BadFrame'; readonly reason: string };

const isRef = (u: unknown): u is RefData =>
  typeof u === 'object' && u !== null && typeof (u as RefData).node === 'string' && typeof (u as RefData).path === 'string' && typeof (u as RefData).incarnation === 'number';

/**
 * Splits a TCP byte stream into frames (incremental: push chunks, take
 * frames). After an error the stream is unusable: close the connection.
 *
 * @example
 * const d = new FrameDecoder();
 * socket.on('data', (c) => { for (const f of d.push(c)) handle(f); });
 */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  /** Set once the stream broke. */
  error: FrameError | undefined;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES_DEFAULT) {}

  /** Append a chunk; the complete frames it finished. */
  push(chunk: Buffer): Frame[] {
    if (this.error !== undefined) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Frame[] = [];
    let pos = 0;
    while (this.buf.length - pos >= 4) {
      const len = this.buf.readUInt32BE(pos);
      if (len > this.maxFrameBytes) {
        this.error = { _tag: 'FrameTooBig', bytes: len };
        return out;
      }
      if (this.buf.length - pos - 4 < len) break;
      const text = this.buf.toString('utf8', pos + 4, pos + 4 + len);
      pos += 4 + len;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        this.error = { _tag: 'BadFrame', reason: err instanceof Error ? err.message : String(err) };
        return out;
      }
      const o = raw as { f?: unknown; t?: unknown; m?: unknown };
      if (typeof raw !== 'object' || raw === null || !isRef(o.t) || (o.f !== null && !isRef(o.f))) {
        this.error = { _tag: 'BadFrame', reason: 'expected { f: ref | null, t: ref, m }' };
        return out;
      }
      out.push({ from: o.f as RefData | null, to: o.t, message: o.m });
    }
    this.buf = pos === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(pos);
    return out;
  }
}
