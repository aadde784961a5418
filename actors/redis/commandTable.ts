import { arityOk, type CommandEnv, type CommandSpec } from './CommandSpec.js';
import { hashCommands } from './hashCommands.js';
import { keyCommands } from './keyCommands.js';
import { Errors, type Reply } from './Reply.js';
import { stringCommands } from './stringCommands.js';

const registry = new Map<string, CommandSpec>([...stringCommands, ...keyCommands, ...hashCommands].map((c) => [c.name, c]));

/**
 * Add (or replace) a keyspace command, so users extend the model without
 * forking it.
 *
 * @example
 * registerCommand({ name: 'getlen', arity: 2, write: false, keys: { first: 1, last: 1, step: 1 },
 *   run: (env, argv) => integer(env.keyspace.lookup(argv[1], env.now)?.type === 'string' ? 1 : 0) });
 */
export const registerCommand = (spec: CommandSpec): void => {
  registry.set(spec.name.toLowerCase(), spec);
};

/** Lower-case names by the spelling clients sent (bounded: random names cannot grow it for ever). */
const lowerNames = new Map<string, string>();
const LOWER_NAMES_MAX = 1024;

/**
 * The lower-case form of a command name, remembered per spelling: commands
 * are dispatched by name on every request, and the front door hands the
 * same string object for the same name (see RespParser), so this is one
 * map lookup instead of a new string each time.
 */
export const commandNameOf = (name: string): string => {
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size >= LOWER_NAMES_MAX) lowerNames.clear();
    lowerNames.set(name, lower);
  }
  return lower;
};

/** A command by name (case-insensitive). */
export const lookupCommand = (name: string): CommandSpec | undefined => registry.get(commandNameOf(name));

/** A command by its lower-case name (what {@link commandNameOf} gives). */
export const lookupLowerCommand = (lowerName: string): CommandSpec | undefined => registry.get(lowerName);

/** Names of every registered keyspace command. */
export const commandNames = (): string[] => [...registry.keys()].sort();

/** The keys of a command, in order (duplicates kept). */
export const commandKeys = (spec: CommandSpec, argv: ReadonlyArray<string>): string[] => {
  const k = spec.keys;
  if (k === undefined || argv.length <= k.first) return [];
  const last = k.last < 0 ? argv.length + k.last : Math.min(k.last, argv.length - 1);
  const out: string[] = [];
  for (let i = k.first; i <= last; i += k.step) out.push(argv[i]);
  return out;
};

/**
 * Run one keyspace command against a keyspace: look it up, check its arity,
 * run it. Cluster checks (MOVED, ASK, CROSSSLOT…) are the node's job, not
 * this function's.
 *
 * @example
 * const ks = new Keyspace();
 * executeCommand({ keyspace: ks, now: 0, propagate: () => {} }, ['SET', 'a', '1']); // +OK
 */
export const executeCommand = (env: CommandEnv, argv: ReadonlyArray<string>): Reply => {
  const spec = argv.length > 0 ? lookupCommand(argv[0]) : undefined;
  if (spec === undefined) return Errors.unknownCommand(argv);
  if (!arityOk(spec, argv)) return Errors.arity(spec.name);
  return spec.run(env, argv);
};

