import * as E from 'fp-ts/Either';
import type { Namespace, PriorityClass } from '../api/cluster.js';
import type { ObjectMeta } from '../api/meta.js';
import type { Service } from '../api/networking.js';
import type { Pod } from '../api/Pod.js';
import { validateObject, type ResourceInfo } from '../api/resources.js';
import { alreadyExists, internalError, invalid } from '../api/Status.js';
import { formatTime } from '../api/time.js';
import type { TxnResult } from '../store/protocol.js';
import { admitNamespace, admitPod, generateName, randomUid } from './admission.js';
import { decodeBody } from './decodeBody.js';
import { stripRv, written, type Ctx, type Done, type ServerCore } from './ServerCore.js';
import { storeKey } from './WatchCache.js';

const namespaceOf = (core: ServerCore, name: string): Namespace | undefined => core.cache.table('namespaces').get(`/registry/namespaces/${name}`) as Namespace | undefined;

/**
 * POST: decode → admission (namespace lifecycle, priority, default
 * tolerations, ClusterIP) → server metadata (name from generateName, uid,
 * creationTimestamp, generation) → defaulting → validation → a store
 * transaction that succeeds only if the key does not exist (else
 * AlreadyExists). `dryRun` answers the object without writing it.
 */
export const createObject = (core: ServerCore, ctx: Ctx, info: ResourceInfo, pathNs: string | undefined, body: unknown, dryRun: boolean, done: Done): void => {
  const decoded = decodeBody(info, body, pathNs);
  if (E.isLeft(decoded)) return done(decoded);
  let obj = decoded.right;
  const ns = obj.metadata.namespace;
  if (info.namespaced) {
    const admitted = admitNamespace(ns ?? '', namespaceOf(core, ns ?? ''));
    if (E.isLeft(admitted)) return done(admitted);
  }
  let name = obj.metadata.name ?? '';
  if (name === '' && obj.metadata.generateName !== undefined && obj.metadata.generateName !== '') name = generateName(obj.metadata.generateName, ctx.random);
  const meta: ObjectMeta = {
    ...obj.metadata,
    name,
    uid: randomUid(ctx.random, core.cache.revision + 1),
    creationTimestamp: formatTime(ctx.now()),
    deletionTimestamp: undefined,
    deletionGracePeriodSeconds: undefined,
    resourceVersion: undefined,
    generation: info.generation ? 1 : undefined,
  };
  obj = info.defaults !== undefined ? info.defaults({ ...obj, metadata: meta }) : { ...obj, metadata: meta };
  if (info.kind === 'Pod') {
    const pod = obj as Pod;
    const admitted = admitPod({ ...pod, status: { phase: 'Pending' } }, [...core.cache.table('priorityclasses').values()] as PriorityClass[]);
    if (E.isLeft(admitted)) return done(admitted);
    obj = admitted.right;
  } else if (info.kind === 'Namespace') {
    obj = { ...obj, status: { phase: 'Active' } } as Namespace;
  }
  const causes = validateObject(info, obj, undefined);
  if (causes.length > 0) return done(E.left(invalid(info.kind, name, causes, info.group)));
  if (info.kind === 'Service') {
    const svc = obj as Service;
    const ip = svc.spec.clusterIP;
    if (ip === undefined || ip === '') {
      const allocated = core.ips.allocate();
      if (allocated === undefined) return done(E.left(internalError('failed to allocate a serviceIP: range is full')));
      obj = { ...svc, spec: { ...svc.spec, clusterIP: allocated } } as Service;
    } else if (ip !== 'None' && !core.ips.claim(ip)) {
      return done(E.left(invalid('Service', name, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: `Invalid value: "${ip}": provided IP is already allocated` }])));
    }
  }
  if (dryRun) return done(E.right(obj));
  const key = storeKey(info, ns, name);
  const lease = info.kind === 'Event' ? core.eventLease(ctx) : 0;
  const stored = stripRv(obj);
  core.call(
    ctx,
    (replyTo) => ({ type: 'txn', request: { compare: [{ key, target: 'create', op: '=', value: 0 }], success: [{ op: 'put', key, value: stored, lease }], failure: [] }, replyTo }),
    (r) => {
      if (E.isLeft(r)) return done(r);
      const res = r.right as TxnResult;
      if (!res.succeeded) {
        if (info.kind === 'Service') core.ips.release((obj as Service).spec.clusterIP);
        return done(E.left(alreadyExists(info.resource, name, info.group)));
      }
      done(E.right(written(core, info, ns, name, stored, res.revision)));
    },
  );
};
