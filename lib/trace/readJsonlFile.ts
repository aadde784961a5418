import * as fs from 'node:fs';
import * as readline from 'node:readline';
import * as E from 'fp-ts/lib/Either.js';
import { decodeEvent } from './encodeEvent.js';
import type { TraceEvent } from './TraceEvent.js';

/**
 * A line of a trace file that is not a valid trace event. Carries the file,
 * the 1-based line number and the decoder's reason as fields, so callers need
 * not parse the message.
 */
export class TraceLineError extends Error {
  readonly _tag = 'TraceLineError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'TraceLineError';
  }
}

/** Decode one line; blank lines (a trailing newline, spacing) give undefined. */
const decodeLine = (file: string, lineNo: number, raw: string): TraceEvent | undefined => {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.trim().length === 0) return undefined;
  const decoded = decodeEvent(line);
  if (E.isLeft(decoded)) throw new TraceLineError(file, lineNo, decoded.left);
  return decoded.right;
};

/**
 * Read a whole JSON Lines trace file into memory. Blank lines are skipped.
 *
 * @throws {TraceLineError} on the first line that is not a valid event (with its line number).
 * @throws the `fs` error when the file cannot be read.
 *
 * @example
 * const events = readJsonlFile('traces/run-42.jsonl');
 * console.log(toMermaid(events));
 */
export const readJsonlFile = (file: string): TraceEvent[] => {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const events: TraceEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const event = decodeLine(file, i + 1, lines[i]);
    if (event !== undefined) events.push(event);
  }
  return events;
};

/**
 * Stream a JSON Lines trace file event by event, for files too large to hold
 * in memory. Blank lines are skipped. The file is closed when the loop ends,
 * breaks or throws.
 *
 * @throws {TraceLineError} (from the iteration) on a line that is not a valid event.
 *
 * @example
 * for await (const event of readJsonlLines('traces/run-42.jsonl')) {
 *   if (event.kind === 'crash') console.log(event);
 * }
 */
export async function* readJsonlLines(file: string): AsyncIterable<TraceEvent> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      const event = decodeLine(file, lineNo, raw);
      if (event !== undefined) yield event;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
