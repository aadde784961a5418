/** Node selectors and node affinity terms evaluated against a node. */
import type { Node } from './Node.js';
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from './Pod.js';

const matchRequirement = (value: string | undefined, r: NodeSelectorRequirement): boolean => {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const n = Number(value);
      const bound = Number(values[0]);
      if (value === undefined || !Number.isFinite(n) || !Number.isFinite(bound)) return false;
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
  }
};

/** Whether a node matches one term (its expressions on labels and fields, ANDed; an empty term matches nothing). */
export const matchesTerm = (node: Node, term: NodeSelectorTerm): boolean => {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) if (!matchRequirement(labels[r.key], r)) return false;
  for (const r of fields) if (!matchRequirement(r.key === 'metadata.name' ? node.metadata.name : undefined, r)) return false;
  return true;
};

/** Whether a node satisfies a pod's `nodeSelector` and required node affinity (terms ORed). */
export const nodeMatchesPod = (pod: Pod, node: Node): boolean => {
  const sel = pod.spec.nodeSelector;
  if (sel !== undefined) {
    const labels = node.metadata.labels ?? {};
    for (const k in sel) if (labels[k] !== sel[k]) return false;
  }
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms !== undefined && terms.length > 0 && !terms.some((t) => matchesTerm(node, t))) return false;
  return true;
};

/** Whether a pod has any node selector or required node affinity. */
export const hasNodeConstraints = (pod: Pod): boolean =>
  (pod.spec.nodeSelector !== undefined && Object.keys(pod.spec.nodeSelector).length > 0) ||
  (pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms.length ?? 0) > 0;
