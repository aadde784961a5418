import * as E from 'fp-ts/Either';
import { decodeStructural, reportDecodeErrors } from '../../../lib/actor/index.js';
import type { KubeObject } from '../api/meta.js';
import { apiVersionOf, type ResourceInfo } from '../api/resources.js';
import { badRequest, type Status } from '../api/Status.js';
import { isRecord } from './ServerCore.js';

/**
 * Decode a request body as an object of `info`'s kind: apiVersion and kind
 * must match the resource (or be absent), the namespace of the body must match
 * the request's, then the resource's codec decides (BadRequest otherwise).
 */
export const decodeBody = (info: ResourceInfo, body: unknown, ns: string | undefined): E.Either<Status, KubeObject> => {
  if (!isRecord(body)) return E.left(badRequest('the body of the request was not a JSON object'));
  const apiVersion = apiVersionOf(info);
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
    return E.left(badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersion})`));
  }
  if (body.kind !== undefined && body.kind !== info.kind) return E.left(badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${info.kind})`));
  const meta = isRecord(body.metadata) ? body.metadata : {};
  if (info.namespaced && ns !== undefined && ns !== '' && meta.namespace !== undefined && meta.namespace !== ns) {
    return E.left(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
  }
  const candidate = { ...body, apiVersion, kind: info.kind, metadata: info.namespaced ? { ...meta, namespace: ns !== undefined && ns !== '' ? ns : meta.namespace } : meta };
  // The codecs are structural (a spec checks every registered kind): the guard answers the common case.
  const decoded = decodeStructural(info.codec, candidate);
  if (E.isLeft(decoded)) return E.left(badRequest(`error decoding ${info.kind}: ${reportDecodeErrors(decoded.left)}`));
  return E.right(decoded.right);
};
