/** Where a request goes, as parsed from its URL path. */
export type ApiPath =
  | { readonly type: 'version' }
  | { readonly type: 'healthz' }
  | { readonly type: 'core-versions' }
  | { readonly type: 'groups' }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'resources'; readonly group: string; readonly version: string }
  | { readonly type: 'openapi-v2' }
  | { readonly type: 'openapi-v3' }
  | { readonly type: 'openapi-v3-group'; readonly path: string }
  | ResourcePath
  | { readonly type: 'unknown' };

/** A resource request: `/api/v1/namespaces/{ns}/pods/{name}/{sub}` and friends. */
export interface ResourcePath {
  readonly type: 'resource';
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly namespace?: string;
  readonly resource: string;
  readonly name?: string;
  readonly subresource?: string;
}

const SEGMENT = /^[^/]+$/;

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const resourcePath = (group: string, version: string, rest: string[]): ApiPath => {
  if (rest.length === 0) return { type: 'resources', group, version };
  const base = { type: 'resource' as const, group, version };
  const at = (namespace: string | undefined, [resource, name, subresource]: string[]): ResourcePath => ({
    ...base,
    ...(namespace === undefined ? {} : { namespace }),
    resource,
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  });
  // namespaces/{ns}/{resource}[/{name}[/{sub}]]; namespaces/{ns}[/status|/finalize] is the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]))) {
    return rest.length <= 5 ? at(rest[1], rest.slice(2)) : { type: 'unknown' };
  }
  return rest.length <= 3 ? at(undefined, rest) : { type: 'unknown' };
};

/**
 * Parse a request path of the Kubernetes REST API (query string excluded):
 * discovery (`/version`, `/api`, `/apis`, `/api/v1`, `/apis/apps`,
 * `/apis/apps/v1`), OpenAPI documents, health, and resource paths for
 * cluster-scoped and namespaced resources with names and subresources.
 *
 * @example
 * parseApiPath('/apis/apps/v1/namespaces/default/deployments/web/scale');
 * // { type: 'resource', group: 'apps', version: 'v1', namespace: 'default', resource: 'deployments', name: 'web', subresource: 'scale' }
 */
export const parseApiPath = (pathname: string): ApiPath => {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  let parts: string[];
  try {
    parts = trimmed.split('/').slice(1).map((p) => decodeURIComponent(p));
  } catch {
    return { type: 'unknown' };
  }
  if (parts.some((p) => !SEGMENT.test(p))) return { type: 'unknown' };
  const [first, second, third, ...rest] = parts;
  switch (first) {
    case 'version':
      return parts.length === 1 ? { type: 'version' } : { type: 'unknown' };
    case 'healthz':
    case 'livez':
    case 'readyz':
      return { type: 'healthz' };
    case 'openapi':
      if (second === 'v2' && parts.length === 2) return { type: 'openapi-v2' };
      if (second === 'v3' && parts.length === 2) return { type: 'openapi-v3' };
      if (second === 'v3') return { type: 'openapi-v3-group', path: parts.slice(2).join('/') };
      return { type: 'unknown' };
    case 'swagger-2.0.0.pb-v1':
      return { type: 'openapi-v2' };
    case 'api':
      if (second === undefined) return { type: 'core-versions' };
      return resourcePath('', second, third === undefined ? [] : [third, ...rest]);
    case 'apis':
      if (second === undefined) return { type: 'groups' };
      if (third === undefined) return { type: 'group', group: second };
      return resourcePath(second, third, rest);
    default:
      return { type: 'unknown' };
  }
};
