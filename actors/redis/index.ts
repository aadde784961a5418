// Hash slots and slot sets.
export { SLOTS, crc16, keyHashSlot } from './hashSlot.js';
// Redis strings (bytes) as JS strings.
export { redisStringFromBytes, redisStringToBytes, redisStringByteLength, forEachRedisByte, isWellFormedString } from './RedisString.js';
export {
  SlotRange,
  SlotRanges,
  NO_SLOTS,
  slotRangesFrom,
  slotRangesWhere,
  countSlots,
  hasSlot,
  forEachSlot,
  sameSlots,
  containsSlots,
  validSlotRanges,
  formatSlotRanges,
  evenSlotRanges,
} from './SlotRanges.js';
// Replies and the pure command layer.
export { Reply, OK, NIL, simple, error, integer, bulk, array, bulkArray, Errors, isError, redirectOf, type Redirect } from './Reply.js';
export { Keyspace, DumpedEntry, dumpValue, restoreValue } from './Keyspace.js';
export type { Value } from './Keyspace.js';
export type { CommandEnv, CommandSpec, KeySpec } from './CommandSpec.js';
export { arityOk, parseInteger, byteLength } from './CommandSpec.js';
export { registerCommand, lookupCommand, commandNames, commandKeys, executeCommand } from './commandTable.js';
export { routeCommand } from './routing.js';
export type { Route, RouteRequest } from './routing.js';
// Protocols.
export { RedisCommand, RedisCommands, CloseConnection, RedisNodeMsg, decodeRedisNodeMsg } from './protocol.js';
export {
  NodeFlags,
  BusHeader,
  GossipEntry,
  BusPing,
  BusMeet,
  BusPong,
  BusFail,
  BusUpdate,
  BusAuthRequest,
  BusAuthAck,
  BusMfStart,
  ClusterBusMessage,
  BUS_TYPES,
} from './busProtocol.js';
export { ReplPsync, ReplFullResync, ReplContinue, ReplStream, ReplAck, ReplGetAck, MigrateRestore, ReplMessage } from './replProtocol.js';
export { ClusterConfig, ClusterConfigNode } from './ClusterConfig.js';
export { respLength } from './Replication.js';
// The node actor and the cluster builder.
export { redisNode, REDIS_NODE_DEFAULTS, CRON_MS } from './RedisNode.js';
export type { RedisNodeOptions } from './RedisNode.js';
export type { RedisDirectory } from './RedisServer.js';
export type { RedisNodeView } from './RedisNodeView.js';
export { createRedisCluster, redisPath } from './createRedisCluster.js';
export type { RedisCluster, RedisClusterOptions, RedisClusterHost, RedisNodeHandle } from './createRedisCluster.js';
// Clients and tools.
export { clusterClient, ClusterClientMsg, ClientRequest, ClusterClientReply, CLUSTER_CLIENT_DEFAULTS, parseClusterSlots } from './ClusterClient.js';
export type { ClusterClientOptions } from './ClusterClient.js';
export { redisWorkload, createWriteLog } from './workload.js';
export type { WriteLog, WorkloadOptions } from './workload.js';
export { resharder } from './Resharder.js';
export type { ResharderOptions } from './Resharder.js';
// Invariants and scenarios.
export { checkNoSplitBrain, checkAllSlotsServed, checkAckedWrites, canReachMajority } from './redisInvariants.js';
export {
  redisScenarios,
  redisFailoverScenario,
  redisMinorityPartitionScenario,
  redisReshardingScenario,
  redisRollingRestartScenario,
  redisChaosScenario,
  bootRedisWorld,
  failoverBoundMs,
  keysInSlots,
} from './scenarios.js';
export type { RedisWorld, RedisWorldOptions } from './scenarios.js';
