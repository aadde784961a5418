/** Field validation of every built-in kind: each check returns causes (`field`, `message`); none means valid. */
import { cause, type StatusCause } from './Status.js';
import type { KubeObject, LabelSelector, ObjectMeta } from './meta.js';
import type { Container, PodSpec, Toleration } from './Pod.js';
import { parseQuantity } from './quantity.js';
import { fromLabelSelector, matches } from './labelSelector.js';
import { deepEqual } from './mergePatch.js';
import type { IntOrString } from './workloads.js';
import { resolveIntOrPercent } from './workloads.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Whether `s` is a DNS-1123 label (≤ 63 chars: lower-case alphanumerics and '-'). */
export const isDnsLabel = (s: string): boolean => s.length <= 63 && DNS1123_LABEL.test(s);

/** Whether `s` is a DNS-1123 subdomain (≤ 253 chars: labels joined by '.'). */
export const isDnsSubdomain = (s: string): boolean => s.length <= 253 && DNS1123_SUBDOMAIN.test(s);

/** Whether `s` is a valid label (or annotation) key: `[prefix/]name`. */
export const isQualifiedName = (s: string): boolean => {
  const parts = s.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return false;
  return parts.length === 1 || isDnsSubdomain(parts[0]);
};

/** Validate metadata: name format, labels, annotation keys; namespace presence by scope. */
export const validateMeta = (meta: ObjectMeta, namespaced: boolean, nameIsLabel = false): StatusCause[] => {
  const out: StatusCause[] = [];
  const name = meta.name ?? '';
  if (name === '') out.push(cause('metadata.name', 'name or generateName is required', 'FieldValueRequired'));
  else if (nameIsLabel ? !isDnsLabel(name) : !isDnsSubdomain(name)) {
    out.push(cause('metadata.name', `a lowercase RFC 1123 ${nameIsLabel ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.'`));
  }
  if (namespaced && (meta.namespace ?? '') === '') out.push(cause('metadata.namespace', 'namespace is required', 'FieldValueRequired'));
  if (!namespaced && meta.namespace !== undefined && meta.namespace !== '') out.push(cause('metadata.namespace', 'not allowed on this type', 'FieldValueForbidden'));
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    if (!isQualifiedName(k)) out.push(cause(`metadata.labels`, `invalid label key '${k}'`));
    if (v.length > 63 || !LABEL_VALUE.test(v)) out.push(cause(`metadata.labels`, `invalid label value '${v}' for key '${k}'`));
  }
  for (const k of Object.keys(meta.annotations ?? {})) if (!isQualifiedName(k)) out.push(cause('metadata.annotations', `invalid annotation key '${k}'`));
  for (const [i, f] of (meta.finalizers ?? []).entries()) if (!isQualifiedName(f)) out.push(cause(`metadata.finalizers[${i}]`, `invalid finalizer '${f}'`));
  return out;
};

/** Fields the server owns that an update may not change. */
export const validateMetaUpdate = (next: ObjectMeta, old: ObjectMeta): StatusCause[] => {
  const out: StatusCause[] = [];
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    if (next[f] !== undefined && next[f] !== old[f]) out.push(cause(`metadata.${f}`, 'field is immutable'));
  }
  return out;
};

const validateResources = (c: Container, path: string): StatusCause[] => {
  const out: StatusCause[] = [];
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  for (const [kind, list] of [['requests', req], ['limits', lim]] as const) {
    for (const [name, q] of Object.entries(list)) {
      const v = parseQuantity(q);
      if (!Number.isFinite(v)) out.push(cause(`${path}.resources.${kind}[${name}]`, `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`));
      else if (v < 0) out.push(cause(`${path}.resources.${kind}[${name}]`, 'must be greater than or equal to 0'));
    }
  }
  for (const [name, q] of Object.entries(req)) {
    const l = lim[name];
    if (l !== undefined && parseQuantity(q) > parseQuantity(l)) out.push(cause(`${path}.resources.requests`, `Invalid value: "${q}": must be less than or equal to ${name} limit of ${l}`));
  }
  return out;
};

const validateToleration = (tol: Toleration, path: string): StatusCause[] => {
  const out: StatusCause[] = [];
  if (tol.operator === 'Exists' && tol.value !== undefined && tol.value !== '') out.push(cause(`${path}.operator`, 'value must be empty when `operator` is \'Exists\''));
  if ((tol.key ?? '') === '' && tol.operator !== 'Exists') out.push(cause(`${path}.operator`, 'operator must be Exists when `key` is empty'));
  if (tol.tolerationSeconds !== undefined && tol.effect !== 'NoExecute') out.push(cause(`${path}.effect`, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
  return out;
};

/** Validate a pod spec at `path` (`spec` for pods, `spec.template.spec` for workloads). */
export const validatePodSpec = (spec: PodSpec, path: string): StatusCause[] => {
  const out: StatusCause[] = [];
  if (spec.containers.length === 0) out.push(cause(`${path}.containers`, 'Required value', 'FieldValueRequired'));
  const names = new Set<string>();
  const hostPorts = new Set<string>();
  spec.containers.forEach((c, i) => {
    const p = `${path}.containers[${i}]`;
    if (!isDnsLabel(c.name)) out.push(cause(`${p}.name`, `a lowercase RFC 1123 label is required, got '${c.name}'`));
    if (names.has(c.name)) out.push(cause(`${p}.name`, `Duplicate value: "${c.name}"`, 'FieldValueDuplicate'));
    names.add(c.name);
    if (c.image.trim() === '') out.push(cause(`${p}.image`, 'Required value', 'FieldValueRequired'));
    out.push(...validateResources(c, p));
    (c.ports ?? []).forEach((port, j) => {
      if (!(port.containerPort >= 1 && port.containerPort <= 65535)) out.push(cause(`${p}.ports[${j}].containerPort`, 'must be between 1 and 65535, inclusive'));
      if (port.hostPort !== undefined && port.hostPort !== 0) {
        if (!(port.hostPort >= 1 && port.hostPort <= 65535)) out.push(cause(`${p}.ports[${j}].hostPort`, 'must be between 1 and 65535, inclusive'));
        const key = `${port.protocol ?? 'TCP'}/${port.hostPort}`;
        if (hostPorts.has(key)) out.push(cause(`${p}.ports[${j}].hostPort`, `Duplicate value: "${key}"`, 'FieldValueDuplicate'));
        hostPorts.add(key);
      }
    });
  });
  (spec.tolerations ?? []).forEach((tol, i) => out.push(...validateToleration(tol, `${path}.tolerations[${i}]`)));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) out.push(cause(`${path}.terminationGracePeriodSeconds`, 'must be greater than or equal to 0'));
  (spec.topologySpreadConstraints ?? []).forEach((c, i) => {
    if (!(c.maxSkew > 0)) out.push(cause(`${path}.topologySpreadConstraints[${i}].maxSkew`, 'must be greater than zero'));
    if (c.topologyKey === '') out.push(cause(`${path}.topologySpreadConstraints[${i}].topologyKey`, 'can not be empty', 'FieldValueRequired'));
  });
  return out;
};

/** Pod spec fields an update may change: container images, added tolerations; the rest is immutable. */
export const validatePodSpecUpdate = (next: PodSpec, old: PodSpec): StatusCause[] => {
  const strip = (s: PodSpec): PodSpec => ({ ...s, containers: s.containers.map((c) => ({ ...c, image: '' })), tolerations: undefined });
  const out: StatusCause[] = [];
  if (!deepEqual(strip(next), strip(old))) out.push(cause('spec', 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.tolerations` (only additions to existing tolerations)', 'FieldValueForbidden'));
  const kept = (old.tolerations ?? []).every((t) => (next.tolerations ?? []).some((n) => deepEqual(n, t)));
  if (!kept) out.push(cause('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds', 'FieldValueForbidden'));
  return out;
};

/** A workload's selector must be non-empty and select its own template's labels. */
export const validateSelector = (selector: LabelSelector, templateLabels: Record<string, string> | undefined, path: string): StatusCause[] => {
  const req = fromLabelSelector(selector);
  if (req.length === 0) return [cause(`${path}.selector`, 'empty selector is invalid for deployment', 'FieldValueRequired')];
  if (!matches(req, templateLabels)) return [cause(`${path}.template.metadata.labels`, '`selector` does not match template `labels`')];
  return [];
};

/** maxSurge and maxUnavailable: non-negative ints or percentages, not both zero, maxUnavailable ≤ 100%. */
export const validateRollingUpdate = (maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, path: string): StatusCause[] => {
  const out: StatusCause[] = [];
  const check = (v: IntOrString | undefined, f: string): void => {
    if (v === undefined) return;
    if (typeof v === 'number' ? v < 0 : !/^\d+%$/.test(v)) out.push(cause(`${path}.${f}`, 'must be a non-negative integer or percentage'));
  };
  check(maxSurge, 'maxSurge');
  check(maxUnavailable, 'maxUnavailable');
  if (resolveIntOrPercent(maxSurge, 100, true) === 0 && resolveIntOrPercent(maxUnavailable, 100, false) === 0) {
    out.push(cause(`${path}.maxUnavailable`, 'may not be 0 when `maxSurge` is 0'));
  }
  if (typeof maxUnavailable === 'string' && resolveIntOrPercent(maxUnavailable, 100, false) > 100) out.push(cause(`${path}.maxUnavailable`, 'must not be greater than 100%'));
  return out;
};

/** Any object: the generic checks every kind shares. */
export const validateObjectMeta = (obj: KubeObject, namespaced: boolean): StatusCause[] => validateMeta(obj.metadata, namespaced);
