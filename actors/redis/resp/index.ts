// The RESP front door: wire bytes ↔ the node actor's command messages.
export { RespParser, RESP_LIMIT_DEFAULTS, splitInline } from './RespParser.js';
export type { RespLimits, ResolvedRespLimits, ParseEvent } from './RespParser.js';
export { encodeReply, mapReply, verbatim, wireArray } from './WireReply.js';
export type { WireReply, RespVersion } from './WireReply.js';
export { resp3Shape } from './resp3.js';
export { connectionCommand, allCommandNames, CONNECTION_COMMANDS } from './connectionCommands.js';
export type { ConnectionState, LocalOutcome } from './connectionCommands.js';
export { ReplyEndpoint } from './ReplyEndpoint.js';
export type { ReplyHandler } from './ReplyEndpoint.js';
export { RespConnection } from './RespConnection.js';
export type { ConnectionHost } from './RespConnection.js';
export { createRespServer, RESP_SERVER_DEFAULTS } from './RespServer.js';
export type { RespServer, RespServerOptions } from './RespServer.js';
// Live clusters: one process, and its control interface.
export { PartitionTransport } from './PartitionTransport.js';
export { createLiveRedisCluster, liveDispatcher } from './createLiveRedisCluster.js';
export type { LiveRedisCluster, LiveRedisClusterOptions, LiveNodeStatus, LiveDispatcher } from './createLiveRedisCluster.js';
export { createControlServer, serverName } from './ControlServer.js';
export type { ControlServer } from './ControlServer.js';
// One node per OS process, the cluster bus over TCP.
export { createRedisProcess } from './createRedisProcess.js';
export type { RedisProcess, RedisProcessOptions } from './createRedisProcess.js';
