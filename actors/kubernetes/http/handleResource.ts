import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/Either';
import type { DeleteOptions, ObjectList, WatchEvent } from '../api/protocol.js';
import { patchTypeOfContentType } from '../api/applyPatch.js';
import { apiVersionOf, resourceInfo, type ResourceInfo } from '../api/resources.js';
import { status, type Status } from '../api/Status.js';
import { callApi } from './callApi.js';
import { intParam, isRecord, mediaType, parseBody, readBody, sendJson, sendStatus, wantsTable } from './httpIo.js';
import type { FieldValidation, KubeHttpContext } from './KubeHttpContext.js';
import type { ResourcePath } from './apiPath.js';
import { pruneUnknownFields } from './pruneUnknownFields.js';
import { podLogs } from './podLogs.js';
import { decodeKubeProtobuf } from './protobuf/decodeKubeProtobuf.js';
import { openStream } from './openStream.js';
import { toTable } from './tablePrinters.js';
import { watchRelayBehavior } from './watchRelay.js';

const notServed = (): Status => status('NotFound', 'the server could not find the requested resource');

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

const fieldValidationOf = (ctx: KubeHttpContext, q: URLSearchParams): E.Either<Status, FieldValidation> => {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return E.right(ctx.fieldValidation);
  return v === 'Strict' || v === 'Warn' || v === 'Ignore' ? E.right(v) : E.left(status('BadRequest', `fieldValidation must be one of Strict, Warn, Ignore, not ${JSON.stringify(v)}`));
};

/** Drop `null` fields: Go's JSON decoding reads them as unset (kubectl sends `creationTimestamp: null`). */
const withoutNulls = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
};

/**
 * Check a written object against the URL (apiVersion, kind, namespace, name),
 * fill what the URL implies, and prune fields the kind's codec doesn't know
 * per `fieldValidation`. Returns the object and the warnings to send.
 */
const prepareBody = (info: ResourceInfo, path: ResourcePath, decoded: Body, validation: FieldValidation): E.Either<Status, { body: unknown; warnings: string[] }> => {
  const raw = decoded.value;
  if (!isRecord(raw)) return E.left(status('BadRequest', `the object provided is unrecognized (must be of type ${info.kind}): a JSON object is required`));
  const body = withoutNulls(raw) as Record<string, unknown>;
  if (path.subresource !== undefined && path.subresource !== 'status') return E.right({ body, warnings: [] }); // Scale, Binding, Eviction: checked by the API server
  const want = apiVersionOf(info);
  if (body.apiVersion !== undefined && body.apiVersion !== want) {
    return E.left(status('BadRequest', `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${want})`));
  }
  if (body.kind !== undefined && body.kind !== info.kind) {
    return E.left(status('BadRequest', `${String(body.kind)} in version "${want}" cannot be handled as a ${info.kind}: the object provided is unrecognized (must be of type ${info.kind})`));
  }
  const meta = isRecord(body.metadata) ? { ...body.metadata } : {};
  if (info.namespaced && path.namespace !== undefined) {
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== path.namespace) {
      return E.left(status('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
    }
    meta.namespace = path.namespace;
  }
  if (path.name !== undefined && meta.name !== undefined && meta.name !== path.name) {
    return E.left(status('BadRequest', `the name of the object (${String(meta.name)}) does not match the name on the URL (${path.name})`));
  }
  if (path.name !== undefined && meta.name === undefined) meta.name = path.name;
  const filled = { ...body, apiVersion: want, kind: info.kind, metadata: meta };
  if (validation === 'Ignore') return E.right({ body: pruneUnknownFields(info.codec, filled).value, warnings: [] });
  const pruned = pruneUnknownFields(info.codec, filled);
  const problems = [...decoded.unknown, ...pruned.unknown].map((f) => `unknown field "${f}"`);
  if (validation === 'Strict' && problems.length > 0) return E.left(status('BadRequest', `strict decoding error: ${problems.join(', ')}`));
  return E.right({ body: pruned.value, warnings: problems });
};

const warningHeaders = (warnings: ReadonlyArray<string>): Record<string, string> =>
  warnings.length === 0 ? {} : { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };

const reply = (res: ServerResponse, r: E.Either<Status, unknown>, code: number, pretty: boolean, headers: Record<string, string> = {}): void => {
  if (E.isLeft(r)) sendStatus(res, r.left, headers);
  else sendJson(res, code, r.right, pretty, headers);
};

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** A decoded body and the fields its decoding already found unknown (protobuf field numbers troupe doesn't model). */
interface Body {
  readonly value: unknown;
  readonly unknown: ReadonlyArray<string>;
}

/** Read and decode a request body (JSON, YAML or Kubernetes protobuf) within the size cap. */
const bodyOf = async (ctx: KubeHttpContext, req: IncomingMessage): Promise<E.Either<Status, Body>> => {
  const type = mediaType(req.headers['content-type']);
  if (type !== '' && type !== 'application/json' && type !== 'application/yaml' && type !== 'application/x-yaml' && type !== 'text/yaml' && type !== '*/*' && type !== PROTOBUF) {
    return E.left(status('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, ${PROTOBUF} (got ${JSON.stringify(type)})`));
  }
  const raw = await readBody(req, ctx.maxBodyBytes);
  if (E.isLeft(raw)) return raw;
  if (type === PROTOBUF) return E.map((d: { object: unknown; unknownFields: string[] }): Body => ({ value: d.object, unknown: d.unknownFields }))(decodeKubeProtobuf(raw.right));
  return E.map((value: unknown): Body => ({ value, unknown: [] }))(parseBody(raw.right, req.headers['content-type']));
};

/**
 * Serve one resource request: GET (get, list, watch, pods/log), POST
 * (create, and the binding/eviction subresources), PUT (update, status,
 * scale), PATCH (merge, strategic merge and JSON patch), DELETE (one object,
 * or a collection by selector) — each translated into one API server
 * operation, the reply sent back as the object, a list, a Table (when the
 * Accept header asks for `as=Table`), a chunked watch stream, or a Status.
 */
export const handleResource = async (ctx: KubeHttpContext, path: ResourcePath, req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> => {
  const info = resourceInfo(path.resource);
  if (info === undefined || info.group !== path.group || info.version !== path.version) return sendStatus(res, notServed());
  if (path.subresource !== undefined && !info.subresources.includes(path.subresource)) return sendStatus(res, notServed());
  if (!info.namespaced && path.namespace !== undefined) return sendStatus(res, notServed());
  const pretty = q.get('pretty') === 'true' || q.get('pretty') === '1';
  const ns = info.namespaced ? path.namespace : undefined;
  const table = wantsTable(req.headers.accept) && path.subresource === undefined;
  const includeObject = (q.get('includeObject') ?? 'Metadata') as 'None' | 'Metadata' | 'Object';
  const base = { resource: info.resource, ...optional('namespace', ns) };
  const method = req.method ?? 'GET';

  if (method === 'GET' && path.name !== undefined) {
    if (path.subresource === 'log') return podLogs(ctx, info, ns ?? '', path.name, q, res);
    const r = await callApi(ctx, (replyTo) => ({ type: 'get', ...base, name: path.name!, ...optional('subresource', path.subresource), replyTo }));
    return reply(res, table ? E.map((o: unknown) => toTable(info.resource, [o], { nowMs: ctx.system.clock.now(), includeObject }) as unknown)(r) : r, 200, pretty);
  }
  if (method === 'GET') {
    const limit = intParam(q, 'limit');
    if (E.isLeft(limit)) return sendStatus(res, limit.left);
    const selectors = { ...optional('labelSelector', q.get('labelSelector') ?? undefined), ...optional('fieldSelector', q.get('fieldSelector') ?? undefined) };
    const rv = q.get('resourceVersion') ?? undefined;
    if (q.get('watch') === 'true' || q.get('watch') === '1') {
      const timeout = intParam(q, 'timeoutSeconds');
      if (E.isLeft(timeout)) return sendStatus(res, timeout.left);
      return startWatch(ctx, info, res, { ...base, ...selectors, ...optional('resourceVersion', rv === '' ? undefined : rv), allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true', timeoutMs: (timeout.right ?? 0) * 1000, table, includeObject });
    }
    const r = await callApi(ctx, (replyTo) => ({ type: 'list', ...base, ...selectors, ...optional('limit', limit.right), ...optional('continue', q.get('continue') ?? undefined), ...optional('resourceVersion', rv), replyTo }));
    if (!table || E.isLeft(r)) return reply(res, r, 200, pretty);
    const list = r.right as ObjectList;
    return sendJson(res, 200, toTable(info.resource, list.items, { nowMs: ctx.system.clock.now(), includeObject, listMeta: list.metadata }), pretty);
  }
  if (method === 'POST' || method === 'PUT') {
    if (method === 'POST' && path.name !== undefined && path.subresource === undefined) return sendStatus(res, status('MethodNotAllowed', `POST is not supported on a named ${info.resource} object; use PUT to update it`));
    if (method === 'PUT' && path.name === undefined) return sendStatus(res, status('MethodNotAllowed', `PUT needs an object name: ${info.resource}/<name>`));
    const validation = fieldValidationOf(ctx, q);
    if (E.isLeft(validation)) return sendStatus(res, validation.left);
    const body = await bodyOf(ctx, req);
    if (E.isLeft(body)) return sendStatus(res, body.left);
    const prepared = prepareBody(info, path, body.right, validation.right);
    if (E.isLeft(prepared)) return sendStatus(res, prepared.left);
    const headers = warningHeaders(prepared.right.warnings);
    const dryRun = q.getAll('dryRun').includes('All');
    if (method === 'POST') {
      if (dryRun && path.subresource !== undefined) return sendStatus(res, status('BadRequest', `dryRun is not supported on ${info.resource}/${path.subresource}`));
      const r = await callApi(ctx, (replyTo) => ({ type: 'create', ...base, body: prepared.right.body, ...optional('name', path.name), ...optional('subresource', path.subresource), ...(dryRun ? { dryRun: true } : {}), replyTo }));
      return reply(res, r, 201, pretty, headers);
    }
    if (dryRun) return sendStatus(res, status('BadRequest', 'dryRun is only supported on create by troupe'));
    const r = await callApi(ctx, (replyTo) => ({ type: 'update', ...base, name: path.name!, body: prepared.right.body, ...optional('subresource', path.subresource), replyTo }));
    return reply(res, r, 200, pretty, headers);
  }
  if (method === 'PATCH') {
    if (path.name === undefined) return sendStatus(res, status('MethodNotAllowed', `PATCH needs an object name: ${info.resource}/<name>`));
    const patchType = patchTypeOfContentType(req.headers['content-type'] ?? '');
    if (patchType === undefined) {
      return sendStatus(res, status('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${JSON.stringify(mediaType(req.headers['content-type']))})`));
    }
    if (q.getAll('dryRun').includes('All')) return sendStatus(res, status('BadRequest', 'dryRun is only supported on create by troupe'));
    const raw = await readBody(req, ctx.maxBodyBytes);
    if (E.isLeft(raw)) return sendStatus(res, raw.left);
    const patch = parseBody(raw.right, 'application/json');
    if (E.isLeft(patch)) return sendStatus(res, patch.left);
    const r = await callApi(ctx, (replyTo) => ({ type: 'patch', ...base, name: path.name!, patch: patch.right, patchType, ...optional('subresource', path.subresource), replyTo }));
    return reply(res, r, 200, pretty);
  }
  if (method === 'DELETE') {
    const options = await deleteOptionsOf(ctx, req, q);
    if (E.isLeft(options)) return sendStatus(res, options.left);
    if (path.name !== undefined) {
      const r = await callApi(ctx, (replyTo) => ({ type: 'delete', ...base, name: path.name!, options: options.right, replyTo }));
      return reply(res, r, 200, pretty);
    }
    return deleteCollection(ctx, info, base, q, options.right, res, pretty);
  }
  res.setHeader('Allow', 'GET, POST, PUT, PATCH, DELETE');
  return sendStatus(res, status('MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`));
};

/** DeleteOptions from the body (kubectl sends them there) and the query (curl users). */
const deleteOptionsOf = async (ctx: KubeHttpContext, req: IncomingMessage, q: URLSearchParams): Promise<E.Either<Status, DeleteOptions>> => {
  const raw = await readBody(req, ctx.maxBodyBytes);
  if (E.isLeft(raw)) return raw;
  let options: Record<string, unknown> = {};
  if (raw.right.length > 0) {
    const body = parseBody(raw.right, req.headers['content-type']);
    if (E.isLeft(body)) return body;
    if (!isRecord(body.right)) return E.left(status('BadRequest', 'DeleteOptions must be a JSON object'));
    options = body.right;
  }
  const grace = intParam(q, 'gracePeriodSeconds');
  if (E.isLeft(grace)) return grace;
  const policy = q.get('propagationPolicy');
  if (policy !== null && policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') return E.left(status('BadRequest', `propagationPolicy must be Background, Foreground or Orphan, not ${JSON.stringify(policy)}`));
  const out: DeleteOptions = {};
  const gp = grace.right ?? options.gracePeriodSeconds;
  if (gp !== undefined) {
    if (typeof gp !== 'number') return E.left(status('BadRequest', 'gracePeriodSeconds must be a number'));
    out.gracePeriodSeconds = gp;
  }
  const orphan = options.orphanDependents === true || q.get('orphanDependents') === 'true';
  const pp = policy ?? options.propagationPolicy ?? (orphan ? 'Orphan' : undefined);
  if (pp !== undefined) {
    if (pp !== 'Background' && pp !== 'Foreground' && pp !== 'Orphan') return E.left(status('BadRequest', `propagationPolicy must be Background, Foreground or Orphan, not ${JSON.stringify(pp)}`));
    out.propagationPolicy = pp;
  }
  if (isRecord(options.preconditions)) {
    const p = options.preconditions;
    out.preconditions = { ...optional('uid', typeof p.uid === 'string' ? p.uid : undefined), ...optional('resourceVersion', typeof p.resourceVersion === 'string' ? p.resourceVersion : undefined) };
  }
  if (Array.isArray(options.dryRun) && options.dryRun.length > 0) return E.left(status('BadRequest', 'dryRun is only supported on create by troupe'));
  return E.right(out);
};

/** DELETE on a collection: delete every object the selectors match; answers the list of what was deleted. */
const deleteCollection = async (
  ctx: KubeHttpContext,
  info: ResourceInfo,
  base: { resource: string; namespace?: string },
  q: URLSearchParams,
  options: DeleteOptions,
  res: ServerResponse,
  pretty: boolean,
): Promise<void> => {
  const selectors = { ...optional('labelSelector', q.get('labelSelector') ?? undefined), ...optional('fieldSelector', q.get('fieldSelector') ?? undefined) };
  const listed = await callApi(ctx, (replyTo) => ({ type: 'list', ...base, ...selectors, replyTo }));
  if (E.isLeft(listed)) return sendStatus(res, listed.left);
  const list = listed.right as ObjectList<{ metadata: { name: string; namespace?: string } }>;
  const deleted: unknown[] = [];
  for (const item of list.items) {
    const r = await callApi(ctx, (replyTo) => ({ type: 'delete', resource: info.resource, ...optional('namespace', item.metadata.namespace), name: item.metadata.name, options, replyTo }));
    if (E.isRight(r)) deleted.push(r.right);
    else if (r.left.reason !== 'NotFound') return sendStatus(res, r.left);
  }
  sendJson(res, 200, { ...list, items: deleted }, pretty);
};

interface WatchParams {
  resource: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
  timeoutMs: number;
  table: boolean;
  includeObject: 'None' | 'Metadata' | 'Object';
}

/** Start a chunked watch stream fed by a relay actor; the relay stops when the client goes away. */
const startWatch = (ctx: KubeHttpContext, info: ResourceInfo, res: ServerResponse, p: WatchParams): void => {
  let headersSent = false;
  openStream(ctx, res, 'application/json', (stream, name) => {
    const sink = {
      write: (ev: WatchEvent): boolean => {
        let object = ev.object;
        if (p.table && (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED')) {
          const t = toTable(info.resource, [object], { nowMs: ctx.system.clock.now(), includeObject: p.includeObject });
          // Like the API server: column definitions with the first event only.
          object = headersSent ? { ...t, columnDefinitions: [] } : t;
          headersSent = true;
        }
        return stream.write(`${JSON.stringify({ type: ev.type, object })}\n`);
      },
      end: stream.end,
    };
    return ctx.system.spawn(watchRelayBehavior({ api: ctx.api, ...p, sink }), name, { node: ctx.httpNode });
  });
};
