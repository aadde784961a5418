import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { encodeEvent } from './encodeEvent.js';
import type { TraceEvent, TraceSink } from './TraceEvent.js';

/** Options of {@link createJsonlFileSink}. */
export interface JsonlFileSinkOptions {
  /** Write to the file once this many characters of lines are buffered. @default 65536 */
  chunkChars?: number;
  /** Append to an existing file instead of truncating it. @default false */
  append?: boolean;
}

/** The defaults of {@link JsonlFileSinkOptions}. */
export const JSONL_FILE_SINK_DEFAULTS: Required<JsonlFileSinkOptions> = {
  chunkChars: 64 * 1024,
  append: false,
};

/**
 * A trace sink that streams events to a file as JSON Lines (one
 * {@link encodeEvent} line per event). Lines are buffered into chunks and
 * written with synchronous `fs` calls: a simulation runs without yielding to
 * the event loop, so asynchronous writes would pile up in memory until the
 * run ends. A run of any length thus holds at most one chunk in memory.
 *
 * Call {@link JsonlFileSink.close} (or `Tracer.close`) at the end, or the last
 * chunk is lost.
 *
 * @example
 * const file = createJsonlFileSink('traces/run-42.jsonl');
 * const tracer = createTracer({ sinks: [file] });
 * // … run …
 * await tracer.close();
 */
export class JsonlFileSink implements TraceSink {
  private fd: number | undefined;
  private chunk = '';
  private readonly chunkChars: number;
  private written = 0;

  /**
   * Open (create or truncate) the file, creating its directory if needed.
   * @throws when the file cannot be opened (setup, not the traced run).
   */
  constructor(readonly path: string, options: JsonlFileSinkOptions = {}) {
    const { chunkChars, append } = { ...JSONL_FILE_SINK_DEFAULTS, ...options };
    this.chunkChars = chunkChars;
    fs.mkdirSync(nodePath.dirname(nodePath.resolve(path)), { recursive: true });
    this.fd = fs.openSync(path, append ? 'a' : 'w');
  }

  /** Number of events written (buffered or on disk). */
  get count(): number {
    return this.written;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.fd === undefined;
  }

  /**
   * Buffer one event; write the chunk when it is full.
   * @throws after close (a programmer bug: events would be lost silently).
   */
  write(event: TraceEvent): void {
    if (this.fd === undefined) throw new Error(`JsonlFileSink ${this.path}: write after close`);
    this.chunk += encodeEvent(event) + '\n';
    this.written++;
    if (this.chunk.length >= this.chunkChars) this.flush();
  }

  /** Write the buffered lines to the file now. */
  flush(): void {
    if (this.fd === undefined || this.chunk.length === 0) return;
    const bytes = Buffer.from(this.chunk, 'utf8');
    this.chunk = '';
    // writeSync may write less than asked; loop until the chunk is out.
    for (let offset = 0; offset < bytes.length; ) {
      offset += fs.writeSync(this.fd, bytes, offset, bytes.length - offset);
    }
  }

  /** Flush and close the file, synchronously. Closing twice is harmless. */
  closeSync(): void {
    if (this.fd === undefined) return;
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** Flush and close the file (the work is synchronous; the promise is for {@link TraceSink}). */
  close(): Promise<void> {
    try {
      this.closeSync();
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }
}

/**
 * Create a sink that streams trace events to a JSON Lines file.
 *
 * @example
 * const tracer = createTracer({ sinks: [createJsonlFileSink('traces/run.jsonl')] });
 */
export const createJsonlFileSink = (file: string, options: JsonlFileSinkOptions = {}): JsonlFileSink =>
  new JsonlFileSink(file, options);
