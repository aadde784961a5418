/** Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`) decoded into JSON objects: public API. */
export { decodeKubeProtobuf, KUBE_PROTOBUF_MEDIA_TYPE, KUBE_PROTOBUF_MAGIC } from './decodeKubeProtobuf.js';
export type { DecodedKubeObject } from './decodeKubeProtobuf.js';
export { decodeMessage } from './decodeMessage.js';
export type { DecodedMessage, DecodeMessageOptions } from './decodeMessage.js';
export { kubeSchemas, schemaForKind, decodableKinds } from './kubeSchemas.js';
export type { MessageName, ObjectName, BuiltinName, FieldSchema, FieldType, MessageSchema, Presence, ScalarType, MapType } from './kubeSchemas.js';
export { createProtoReader, toInt32, toInt64, toBool, toUtf8, PROTO_MAX_DEPTH_DEFAULT } from './ProtoReader.js';
export type { ProtoReader, ProtoReaderOptions, ProtoField, ProtoError, WireType, Uint64Parts } from './ProtoReader.js';
