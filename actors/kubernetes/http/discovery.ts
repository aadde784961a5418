/**
 * Discovery documents, computed from the resource registry so a user's own
 * registered kinds appear too: `/version`, `/api` (APIVersions), `/apis`
 * (APIGroupList), `/apis/{group}` (APIGroup) and `/api/v1`,
 * `/apis/{group}/{version}` (APIResourceList with verbs, short names,
 * categories and subresources) — what kubectl caches under
 * `~/.kube/cache/discovery` and uses to map `kubectl get deploy` to a path.
 */
import { allResources, type ResourceInfo } from '../api/resources.js';
import { KUBE_VERSION } from '../api/version.js';

/** The Kubernetes version troupe's API server reports (its semantics follow 1.2x; kubectl 1.32 is tested). */
export { KUBE_VERSION };

/** One entry of an APIResourceList. */
export interface ApiResource {
  readonly name: string;
  readonly singularName: string;
  readonly namespaced: boolean;
  readonly kind: string;
  readonly verbs: ReadonlyArray<string>;
  readonly group?: string;
  readonly version?: string;
  readonly shortNames?: ReadonlyArray<string>;
  readonly categories?: ReadonlyArray<string>;
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** Kinds `kubectl get all` shows. */
const IN_ALL = new Set(['pods', 'services', 'deployments', 'replicasets']);

const verbsOf = (r: ResourceInfo): string[] => (r.resource === 'bindings' ? ['create'] : ALL);

/** The subresource entries of one resource (`deployments/scale` …). */
const subresourcesOf = (r: ResourceInfo): ApiResource[] =>
  r.subresources.map((sub): ApiResource => {
    const name = `${r.resource}/${sub}`;
    switch (sub) {
      case 'scale':
        return { name, singularName: '', namespaced: r.namespaced, kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };
      case 'binding':
        return { name, singularName: '', namespaced: r.namespaced, kind: 'Binding', verbs: ['create'] };
      case 'eviction':
        return { name, singularName: '', namespaced: r.namespaced, kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] };
      case 'log':
        return { name, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get'] };
      case 'finalize':
        return { name, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['update'] };
      default:
        return { name, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] };
    }
  });

/** Every group-version the registry serves, core first, then groups by name. */
export const groupVersions = (): Array<{ group: string; version: string }> => {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of allResources()) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()].sort((a, b) => (a.group === b.group ? (a.version < b.version ? -1 : 1) : a.group < b.group ? -1 : 1));
};

/** `/api`: the core group's versions. */
export const apiVersions = (serverAddress: string): unknown => ({
  kind: 'APIVersions',
  versions: groupVersions().filter((g) => g.group === '').map((g) => g.version),
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

/** `/apis/{group}` as an APIGroup (undefined for an unknown group). */
export const apiGroup = (group: string): Record<string, unknown> | undefined => {
  const versions = groupVersions().filter((g) => g.group === group && group !== '');
  if (versions.length === 0) return undefined;
  const entries = versions.map((v) => ({ groupVersion: `${group}/${v.version}`, version: v.version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: entries, preferredVersion: entries[entries.length - 1] };
};

/** `/apis`: every named group. */
export const apiGroupList = (): unknown => {
  const groups = [...new Set(groupVersions().filter((g) => g.group !== '').map((g) => g.group))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => { const { kind: _k, apiVersion: _a, ...rest } = apiGroup(g)!; return rest; }) };
};

/** `/api/v1` or `/apis/{group}/{version}` as an APIResourceList (undefined when nothing is served there). */
export const apiResourceList = (group: string, version: string): unknown | undefined => {
  const served = allResources()
    .filter((r) => r.group === group && r.version === version)
    .sort((a, b) => (a.resource < b.resource ? -1 : 1));
  if (served.length === 0) return undefined;
  const resources: ApiResource[] = [];
  for (const r of served) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: verbsOf(r),
      ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
      ...(IN_ALL.has(r.resource) ? { categories: ['all'] } : {}),
    });
    resources.push(...subresourcesOf(r));
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
};
