import { connect, createServer, type Socket } from 'node:net';

/** A TCP relay on 127.0.0.1 that a spec can cut and heal (a network fault between a client and its server). */
export interface TcpProxy {
  readonly port: number;
  /** Drop every open connection and refuse new ones (accept, then reset). */
  cut(): void;
  /** Relay new connections again. */
  heal(): void;
  close(): Promise<void>;
}

/** Relay 127.0.0.1:`port` (a free port) to 127.0.0.1:`targetPort`. */
export const startTcpProxy = async (targetPort: number): Promise<TcpProxy> => {
  const open = new Set<Socket>();
  let cut = false;
  const server = createServer((down) => {
    if (cut) {
      down.resetAndDestroy();
      return;
    }
    const up = connect(targetPort, '127.0.0.1');
    for (const s of [down, up]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    down.pipe(up);
    up.pipe(down);
    down.on('close', () => up.destroy());
    up.on('close', () => down.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    cut: () => {
      cut = true;
      for (const s of open) s.resetAndDestroy();
    },
    heal: () => {
      cut = false;
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
