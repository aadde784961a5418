/**
 * The Kubernetes version troupe's control plane speaks: what `/version`
 * answers (kubectl and client-go compare it with their own) and what each
 * kubelet reports as its `nodeInfo.kubeletVersion` — one version across the
 * cluster, as a fresh real cluster has.
 */
export const KUBE_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-troupe', gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'n/a', compiler: 'troupe', platform: 'node/troupe' } as const;
