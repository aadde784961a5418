import * as E from 'fp-ts/Either';

/** Which state store a URL names. */
export type StoreUrl =
  /** The embedded store (`embedded`). */
  | { readonly kind: 'embedded' }
  /** A real etcd v3: its client URLs and the key prefix of this cluster. */
  | { readonly kind: 'etcd'; readonly endpoints: ReadonlyArray<string>; readonly prefix: string };

/** Why a store URL was refused. */
export interface BadStoreUrl {
  readonly _tag: 'BadStoreUrl';
  readonly url: string;
  readonly reason: string;
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * Parse a state store URL: `embedded`, or `etcd://HOST:PORT[,HOST:PORT…][/PREFIX]`
 * (plain-text gRPC; the path, if any, is the key prefix the cluster's keys
 * live under, so clusters can share an etcd).
 *
 * @example
 * parseStoreUrl('etcd://127.0.0.1:2379');
 * // Right({ kind: 'etcd', endpoints: ['http://127.0.0.1:2379'], prefix: '' })
 * parseStoreUrl('etcd://10.0.0.1:2379,10.0.0.2:2379/clusters/a');
 * // Right({ kind: 'etcd', endpoints: ['http://10.0.0.1:2379', 'http://10.0.0.2:2379'], prefix: '/clusters/a' })
 */
export const parseStoreUrl = (url: string): E.Either<BadStoreUrl, StoreUrl> => {
  const bad = (reason: string): E.Either<BadStoreUrl, StoreUrl> => E.left({ _tag: 'BadStoreUrl', url, reason });
  if (url === 'embedded') return E.right({ kind: 'embedded' });
  if (!url.startsWith('etcd://')) return bad(`expected 'embedded' or etcd://HOST:PORT[/PREFIX]`);
  const rest = url.slice('etcd://'.length);
  const slash = rest.indexOf('/');
  const hosts = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  const endpoints: string[] = [];
  for (const h of hosts.split(',')) {
    const m = HOST_PORT.exec(h);
    if (m === null) return bad(`'${h}' is not HOST:PORT`);
    const port = Number(m[2]);
    if (port < 1 || port > 65_535) return bad(`port ${port} out of range`);
    endpoints.push(`http://${m[1]}:${port}`);
  }
  return E.right({ kind: 'etcd', endpoints, prefix: path === '/' ? '' : path.replace(/\/$/, '') });
};
