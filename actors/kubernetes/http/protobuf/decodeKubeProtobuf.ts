/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies — what
 * kubectl's typed commands (`kubectl create namespace|deployment|configmap|
 * service|priorityclass`) and client-go's protobuf clients send — into the
 * JSON object the API would have received as JSON.
 *
 * The body is the magic `k8s\0` followed by a runtime.Unknown
 * `{1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}`
 * whose `raw` is the object's own message.
 */
import * as E from 'fp-ts/Either';
import { status, type Status } from '../../api/Status.js';
import { decodeMessage } from './decodeMessage.js';
import { decodableKinds, schemaForKind } from './kubeSchemas.js';
import { createProtoReader, protoError, toUtf8, type ProtoError, type ProtoReader } from './ProtoReader.js';

/** The media type of Kubernetes' protobuf encoding. */
export const KUBE_PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** `k8s\0`, the first four bytes of every Kubernetes protobuf body. */
export const KUBE_PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** A decoded body: the object as JSON would have carried it, and the fields that were skipped. */
export interface DecodedKubeObject {
  readonly object: Record<string, unknown>;
  /**
   * Fields the decoder skipped, by path: unknown field numbers
   * (`spec.template.spec.containers[0].#21`) and known fields troupe does not
   * model (`spec.template.spec.containers[0].securityContext`). The caller
   * applies `fieldValidation` to them (Strict: reject, Warn: warn).
   */
  readonly unknownFields: string[];
}

interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
  /** Where `raw` starts in the body, for error offsets. */
  readonly rawOffset: number;
  readonly contentEncoding: string;
  readonly contentType: string;
}

const malformed = (what: string, e: ProtoError): Status => status('BadRequest', `unable to decode the protobuf body${what}: ${e.message} (at byte ${e.offset})`);

/** Read the runtime.Unknown envelope; unknown envelope fields are ignored, as Go's decoder does. */
const readEnvelope = (reader: ProtoReader): E.Either<ProtoError, Envelope> => {
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array(0);
  let rawOffset = KUBE_PROTOBUF_MAGIC.length;
  let contentEncoding = '';
  let contentType = '';
  for (;;) {
    const next = reader.next();
    if (E.isLeft(next)) return next;
    const f = next.right;
    if (f === undefined) return E.right({ apiVersion, kind, raw, rawOffset, contentEncoding, contentType });
    if (f.number > 4) continue;
    if (f.wire !== 'bytes') return E.left(protoError(`envelope field ${f.number} has wire type ${f.wire}, expected bytes`, f.offset));
    if (f.number === 1) {
      // TypeMeta pieces merge, field by field.
      const tm = reader.nested(f);
      if (E.isLeft(tm)) return tm;
      for (;;) {
        const g = tm.right.next();
        if (E.isLeft(g)) return g;
        if (g.right === undefined) break;
        if (g.right.number > 2) continue;
        if (g.right.wire !== 'bytes') return E.left(protoError(`typeMeta field ${g.right.number} has wire type ${g.right.wire}, expected bytes`, g.right.offset));
        if (g.right.number === 1) apiVersion = toUtf8(g.right.bytes);
        else kind = toUtf8(g.right.bytes);
      }
    } else if (f.number === 2) {
      raw = f.bytes;
      rawOffset = f.payloadOffset;
    } else if (f.number === 3) contentEncoding = toUtf8(f.bytes);
    else contentType = toUtf8(f.bytes);
  }
};

const startsWithMagic = (body: Uint8Array): boolean => body.length >= KUBE_PROTOBUF_MAGIC.length && KUBE_PROTOBUF_MAGIC.every((b, i) => body[i] === b);

/**
 * Decode a Kubernetes protobuf request body into the object's JSON form,
 * `apiVersion` and `kind` set from the envelope. Fails with a BadRequest
 * Status on a missing magic, malformed or truncated bytes, a missing or
 * unknown kind; with UnsupportedMediaType on a `contentEncoding` (or a raw
 * `contentType`) other than plain protobuf. Never throws.
 *
 * @example
 * // kubectl create namespace x
 * decodeKubeProtobuf(Buffer.from('6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a001a002200', 'hex'));
 * // right({ object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: {}, status: {} }, unknownFields: [] })
 */
export const decodeKubeProtobuf = (body: Uint8Array): E.Either<Status, DecodedKubeObject> => {
  if (body.length === 0) return E.left(status('BadRequest', 'empty body: a protobuf object is required'));
  if (!startsWithMagic(body)) {
    return E.left(status('BadRequest', `provided data does not appear to be a protobuf message, expected prefix [${[...KUBE_PROTOBUF_MAGIC].join(' ')}]`));
  }
  if (body.length === KUBE_PROTOBUF_MAGIC.length) return E.left(status('BadRequest', 'empty body: nothing follows the protobuf prefix'));
  const offset = KUBE_PROTOBUF_MAGIC.length;
  const envelope = readEnvelope(createProtoReader(body.subarray(offset), { offset }));
  if (E.isLeft(envelope)) return E.left(malformed(' envelope', envelope.left));
  const { apiVersion, kind, raw, rawOffset, contentEncoding, contentType } = envelope.right;
  if (contentEncoding !== '') {
    return E.left(status('UnsupportedMediaType', `the protobuf body's contentEncoding ${JSON.stringify(contentEncoding)} is not supported: send the object unencoded`));
  }
  if (contentType !== '' && contentType !== KUBE_PROTOBUF_MEDIA_TYPE) {
    return E.left(status('UnsupportedMediaType', `the protobuf body wraps content of type ${JSON.stringify(contentType)}: only ${KUBE_PROTOBUF_MEDIA_TYPE} is supported`));
  }
  if (kind === '') return E.left(status('BadRequest', `Object 'Kind' is missing in the protobuf body (apiVersion ${JSON.stringify(apiVersion)})`));
  if (apiVersion === '') return E.left(status('BadRequest', `Object 'apiVersion' is missing in the protobuf body (kind ${JSON.stringify(kind)})`));
  const name = schemaForKind(apiVersion, kind);
  if (name === undefined) {
    return E.left(
      status('BadRequest', `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in the protobuf decoder (it decodes ${decodableKinds().join(', ')}); send this object as application/json`),
    );
  }
  const decoded = decodeMessage(raw, name, { offset: rawOffset });
  if (E.isLeft(decoded)) return E.left(malformed(` of ${apiVersion} ${kind}`, decoded.left));
  return E.right({ object: { apiVersion, kind, ...decoded.right.value }, unknownFields: decoded.right.unknownFields });
};
