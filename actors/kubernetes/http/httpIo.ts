import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/Either';
import yaml from 'js-yaml';
import { status, type Status } from '../api/Status.js';

/** Bytes drained from a request over the body limit before the connection is cut. */
const DRAIN_FACTOR = 4;

/**
 * Read a request body up to `maxBytes`. Over the limit the reply is a 413
 * Status (RequestEntityTooLarge) and the rest is drained, or the connection
 * cut when the client keeps sending far past it.
 */
export const readBody = (req: IncomingMessage, maxBytes: number): Promise<E.Either<Status, Buffer>> =>
  new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const tooLarge = (): Status => status('RequestEntityTooLarge', `the request body is larger than the limit of ${maxBytes} bytes`);
    if (Number.isFinite(declared) && declared > maxBytes * DRAIN_FACTOR) {
      resolve(E.left(tooLarge()));
      req.socket.destroySoon();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        if (!over) {
          over = true;
          chunks.length = 0;
          resolve(E.left(tooLarge()));
        }
        if (size > maxBytes * DRAIN_FACTOR) req.socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(E.right(Buffer.concat(chunks)));
    });
    req.on('error', () => {
      if (!over) resolve(E.left(status('BadRequest', 'the request body could not be read')));
    });
  });

/** Media type of a Content-Type header, lower-cased, without parameters. */
export const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0].trim().toLowerCase();

/**
 * Decode a request body as JSON, or YAML when the content type says so
 * (`application/yaml`). Malformed input → a BadRequest Status that says
 * where it broke.
 */
export const parseBody = (body: Buffer, contentType: string | undefined): E.Either<Status, unknown> => {
  const text = body.toString('utf8');
  const type = mediaType(contentType);
  if (text.trim() === '') return E.left(status('BadRequest', 'the request body is empty'));
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    return E.tryCatch(
      () => yaml.load(text, { schema: yaml.JSON_SCHEMA }),
      (err) => status('BadRequest', `error converting YAML to JSON: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`),
    );
  }
  return E.tryCatch(
    () => JSON.parse(text) as unknown,
    (err) => status('BadRequest', `the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`),
  );
};

/** Whether the client asked for a `meta.k8s.io` Table (kubectl get's human output). */
export const wantsTable = (accept: string | undefined): boolean => accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);

/** Send a JSON document. */
export const sendJson = (res: ServerResponse, code: number, body: unknown, pretty = false, headers: Readonly<Record<string, string>> = {}): void => {
  if (res.headersSent || res.destroyed) return;
  const payload = Buffer.from(pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body), 'utf8');
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': String(payload.length), 'Cache-Control': 'no-cache, private', ...headers });
  res.end(payload);
};

/** Send a failure as the Status object the API server would. */
export const sendStatus = (res: ServerResponse, s: Status, headers: Readonly<Record<string, string>> = {}): void => sendJson(res, s.code, s, false, headers);

/** Send plain text (pod logs). */
export const sendText = (res: ServerResponse, code: number, text: string): void => {
  if (res.headersSent || res.destroyed) return;
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': String(payload.length), 'Cache-Control': 'no-cache, private' });
  res.end(payload);
};

export { isRecord } from '../api/meta.js';

/** An integer query parameter (absent or empty: undefined); anything else, or below `min`, is a BadRequest. */
export const intParam = (q: URLSearchParams, name: string, min = 0): E.Either<Status, number | undefined> => {
  const v = q.get(name);
  if (v === null || v === '') return E.right(undefined);
  const n = Number(v);
  return Number.isInteger(n) && n >= min ? E.right(n) : E.left(status('BadRequest', `invalid value for ${name}: ${JSON.stringify(v)} (${min === 0 ? 'a non-negative integer' : 'an integer'} is required)`));
};
