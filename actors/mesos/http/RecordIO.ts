import * as E from 'fp-ts/Either';

/**
 * RecordIO framing of the v1 streaming APIs: each record is its length in
 * bytes (decimal), a newline, then the record itself (`<length>\n<json>`),
 * with nothing between records. Mesos writes each event of a SUBSCRIBE
 * stream as one record.
 *
 * @example
 * encodeRecord('{"type":"HEARTBEAT"}'); // '20\n{"type":"HEARTBEAT"}'
 */
export const encodeRecord = (data: string): string => `${Buffer.byteLength(data, 'utf8')}\n${data}`;

/** A framing error in a RecordIO stream (the stream cannot be read further). */
export interface RecordIOError {
  readonly _tag: 'RecordIOError';
  readonly message: string;
}

/** The longest length prefix accepted (Mesos' decoder rejects what does not parse as a size). */
const MAX_PREFIX_DIGITS = 20;

/**
 * An incremental RecordIO reader: feed it chunks as they arrive (a record
 * may span chunks, a chunk may hold several records) and get complete
 * records back. Lengths count bytes, so multi-byte UTF-8 is handled.
 *
 * @example
 * const reader = new RecordIODecoder();
 * res.on('data', (chunk: Buffer) => {
 *   const records = reader.push(chunk);
 *   if (E.isRight(records)) for (const r of records.right) handle(JSON.parse(r));
 * });
 */
export class RecordIODecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private failed: RecordIOError | undefined;

  /** Add a chunk; returns the records it completed (in order) or the framing error. */
  push(chunk: Buffer | string): E.Either<RecordIOError, string[]> {
    if (this.failed !== undefined) return E.left(this.failed);
    this.buffer = Buffer.concat([this.buffer, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk]);
    const records: string[] = [];
    for (;;) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl < 0) {
        if (this.buffer.length > MAX_PREFIX_DIGITS) return this.fail(`record length prefix longer than ${MAX_PREFIX_DIGITS} bytes`);
        return E.right(records);
      }
      const prefix = this.buffer.subarray(0, nl).toString('latin1');
      if (!/^\d{1,20}$/.test(prefix)) return this.fail(`bad record length '${prefix.slice(0, 40)}'`);
      const length = Number(prefix);
      if (this.buffer.length < nl + 1 + length) return E.right(records);
      records.push(this.buffer.subarray(nl + 1, nl + 1 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(nl + 1 + length);
    }
  }

  /** Bytes received that do not make a complete record yet. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  private fail(message: string): E.Either<RecordIOError, string[]> {
    this.failed = { _tag: 'RecordIOError', message };
    return E.left(this.failed);
  }
}
