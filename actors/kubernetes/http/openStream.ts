import type { ServerResponse } from 'node:http';
import type { AnyRef } from '../../../lib/actor/index.js';
import type { KubeHttpContext } from './KubeHttpContext.js';

/** Where a relay actor writes: one long-lived chunked response. */
export interface StreamSink {
  /** Write a chunk. Returns false once the response is gone or its client fell more than `maxBufferedBytes` behind. */
  write(chunk: string): boolean;
  /** End the response (idempotent). */
  end(): void;
}

/**
 * Open a chunked streaming response (a watch, `logs -f`) fed by a relay
 * actor: headers go out at once (Node holds them until the first write, so a
 * quiet stream would block its client), `spawnRelay` gets the sink and
 * returns the relay, which is stopped when the client closes the connection
 * and counted in `openWatches` meanwhile.
 */
export const openStream = (ctx: KubeHttpContext, res: ServerResponse, contentType: string, spawnRelay: (sink: StreamSink, name: string) => AnyRef): void => {
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const sink: StreamSink = {
    write: (chunk) => {
      if (res.destroyed || res.writableEnded) return false;
      res.write(chunk);
      return res.writableLength <= ctx.maxBufferedBytes;
    },
    end: () => {
      if (!res.writableEnded && !res.destroyed) res.end();
    },
  };
  const relay = spawnRelay(sink, `stream-${++ctx.watches}`);
  ctx.openWatches.add(relay);
  res.on('close', () => {
    ctx.openWatches.delete(relay);
    if (ctx.system.isAlive(relay)) ctx.system.stop(relay);
  });
};
