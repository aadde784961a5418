import { Errors, OK, array, bulk, error, integer, simple, type Reply } from '../Reply.js';
import { commandNameOf, commandNames, lookupCommand } from '../commandTable.js';
import { mapReply, type RespVersion, type WireReply } from './WireReply.js';

/** What a connection-level command may read and change of its connection. */
export interface ConnectionState {
  readonly id: number;
  name: string | undefined;
  proto: RespVersion;
  authenticated: boolean;
  libName: string | undefined;
  libVersion: string | undefined;
  readonly addr: string;
  readonly localAddr: string;
}

/** How a connection-level command is answered. */
export type LocalOutcome =
  /** Answer now; `close`: close the connection once the reply is written. */
  | { readonly kind: 'reply'; readonly reply: WireReply; readonly close?: boolean }
  /** Send `argv` to the node and shape its reply. */
  | { readonly kind: 'forward'; readonly argv: string[]; readonly shape: (r: Reply) => WireReply };

/** The commands the front door answers itself (Redis's connection commands), in COMMAND's listing. */
export const CONNECTION_COMMANDS = ['hello', 'auth', 'client', 'command', 'quit', 'reset'] as const;
const CONNECTION_SET: ReadonlySet<string> = new Set(CONNECTION_COMMANDS);

const noauth = error('NOAUTH Authentication required.');
const wrongPass = error('WRONGPASS invalid username-password pair or user is disabled.');

const checkPassword = (requirepass: string | undefined, user: string, pass: string): Reply | undefined => {
  if (requirepass === undefined) {
    if (user === 'default') return undefined; // nopass: any password works for default
    return wrongPass;
  }
  return user === 'default' && pass === requirepass ? undefined : wrongPass;
};

const helloReply = (conn: ConnectionState, role: string): WireReply =>
  mapReply([
    [bulk('server'), bulk('redis')],
    [bulk('version'), bulk('7.0.15')],
    [bulk('proto'), integer(conn.proto)],
    [bulk('id'), integer(conn.id)],
    [bulk('mode'), bulk('cluster')],
    [bulk('role'), bulk(role)],
    [bulk('modules'), array([])],
  ]);

const hello = (conn: ConnectionState, argv: ReadonlyArray<string>, requirepass: string | undefined): LocalOutcome => {
  let proto: RespVersion = conn.proto;
  let i = 1;
  if (argv.length > 1) {
    const v = Number(argv[1]);
    if (!/^-?\d+$/.test(argv[1])) return { kind: 'reply', reply: error('ERR Protocol version is not an integer or out of range') };
    if (v !== 2 && v !== 3) return { kind: 'reply', reply: error('NOPROTO unsupported protocol version') };
    proto = v;
    i = 2;
  }
  let setName: string | undefined;
  for (; i < argv.length; i++) {
    const opt = argv[i].toUpperCase();
    if (opt === 'AUTH' && i + 2 < argv.length) {
      const bad = checkPassword(requirepass, argv[i + 1], argv[i + 2]);
      if (bad !== undefined) return { kind: 'reply', reply: bad };
      conn.authenticated = true;
      i += 2;
    } else if (opt === 'SETNAME' && i + 1 < argv.length) {
      setName = argv[++i];
      if (!validName(setName)) return { kind: 'reply', reply: badName };
    } else return { kind: 'reply', reply: error(`ERR Syntax error in HELLO option '${argv[i]}'`) };
  }
  if (!conn.authenticated) {
    return {
      kind: 'reply',
      reply: error('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time'),
    };
  }
  if (setName !== undefined) conn.name = setName === '' ? undefined : setName;
  // The protocol switches before the reply, so HELLO 3 is answered in RESP3.
  conn.proto = proto;
  return {
    kind: 'forward',
    argv: ['ROLE'],
    shape: (r) => helloReply(conn, r.kind === 'array' && r.items !== null && r.items[0]?.kind === 'bulk' && r.items[0].value === 'master' ? 'master' : 'replica'),
  };
};

const badName = error('ERR Client names cannot contain spaces, newlines or special characters.');
const validName = (name: string): boolean => /^[!-~]*$/.test(name);

const clientInfo = (conn: ConnectionState): string =>
  `id=${conn.id} addr=${conn.addr} laddr=${conn.localAddr} fd=0 name=${conn.name ?? ''} age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=client|info user=default redir=-1 resp=${conn.proto}${conn.libName === undefined ? '' : ` lib-name=${conn.libName}`}${conn.libVersion === undefined ? '' : ` lib-ver=${conn.libVersion}`}\n`;

const client = (conn: ConnectionState, argv: ReadonlyArray<string>): Reply => {
  if (argv.length < 2) return Errors.arity('client');
  const sub = argv[1].toUpperCase();
  switch (sub) {
    case 'ID':
      return argv.length === 2 ? integer(conn.id) : Errors.arity('client|id');
    case 'SETNAME':
      if (argv.length !== 3) return Errors.arity('client|setname');
      if (!validName(argv[2])) return badName;
      conn.name = argv[2] === '' ? undefined : argv[2];
      return OK;
    case 'GETNAME':
      return argv.length === 2 ? bulk(conn.name ?? null) : Errors.arity('client|getname');
    case 'SETINFO': {
      if (argv.length !== 4) return Errors.arity('client|setinfo');
      const attr = argv[2].toUpperCase();
      if (attr !== 'LIB-NAME' && attr !== 'LIB-VER') return error(`ERR Unrecognized option '${argv[2]}'`);
      if (!validName(argv[3])) return error(`ERR ${attr.toLowerCase()} cannot contain spaces, newlines or special characters.`);
      if (attr === 'LIB-NAME') conn.libName = argv[3];
      else conn.libVersion = argv[3];
      return OK;
    }
    case 'INFO':
      return bulk(clientInfo(conn));
    case 'LIST':
      return bulk(clientInfo(conn));
    case 'NO-EVICT':
    case 'NO-TOUCH':
    case 'REPLY':
      return OK;
    default:
      return Errors.unknownSubcommand('client', argv[1]);
  }
};

/** COMMAND's 10-element entry of one command (name, arity, flags, first/last key, step, ACL categories, tips, key specs, subcommands). */
const commandEntry = (name: string): Reply | undefined => {
  const spec = lookupCommand(name);
  const flags = (f: string[]): Reply => array(f.map(simple));
  if (spec !== undefined) {
    const k = spec.keys;
    return array([bulk(spec.name), integer(spec.arity), flags(spec.write ? ['write'] : ['readonly', 'fast']), integer(k?.first ?? 0), integer(k?.last ?? 0), integer(k?.step ?? 0), array([]), array([]), array([]), array([])]);
  }
  const arity = NODE_COMMANDS[name];
  if (arity === undefined) return undefined;
  return array([bulk(name), integer(arity), flags(['admin']), integer(0), integer(0), integer(0), array([]), array([]), array([]), array([])]);
};

/** Commands the node actor runs outside the keyspace table, with Redis's arity. */
const NODE_COMMANDS: Record<string, number> = {
  cluster: -2,
  readonly: 1,
  readwrite: 1,
  asking: 1,
  wait: 3,
  migrate: -6,
  info: -1,
  role: 1,
  select: 2,
  hello: -1,
  auth: -2,
  client: -2,
  command: -1,
  quit: -1,
  reset: 1,
};

/** Every command name the front door and the node understand. */
export const allCommandNames = (): string[] => [...new Set([...commandNames(), ...Object.keys(NODE_COMMANDS)])].sort();

const command = (argv: ReadonlyArray<string>): WireReply => {
  const sub = argv.length > 1 ? argv[1].toUpperCase() : '';
  switch (sub) {
    case '':
      return array(allCommandNames().map((n) => commandEntry(n)!));
    case 'COUNT':
      return integer(allCommandNames().length);
    case 'LIST':
      return array(allCommandNames().map((n) => bulk(n)));
    case 'INFO':
      return array((argv.length > 2 ? argv.slice(2) : allCommandNames()).map((n) => commandEntry(n.toLowerCase()) ?? bulk(null)));
    case 'DOCS': {
      const names = argv.length > 2 ? argv.slice(2).map((n) => n.toLowerCase()) : allCommandNames();
      return mapReply(
        names
          .filter((n) => commandEntry(n) !== undefined)
          .map((n) => [bulk(n), mapReply([[bulk('summary'), bulk(`${n.toUpperCase()} (troupe model of Redis 7.0)`)], [bulk('since'), bulk('1.0.0')], [bulk('group'), bulk(NODE_COMMANDS[n] === undefined ? 'generic' : 'server')]])] as const),
      );
    }
    case 'GETKEYS':
      return argv.length < 3 ? Errors.arity('command|getkeys') : error('ERR Invalid command specified');
    default:
      return Errors.unknownSubcommand('command', argv[1]);
  }
};

/**
 * Answer a connection command (HELLO, AUTH, CLIENT, COMMAND, QUIT, RESET),
 * refuse anything but those while the client is not authenticated, and leave
 * every other command to the node (undefined).
 *
 * @example
 * connectionCommand(conn, ['CLIENT', 'ID'], undefined); // { kind: 'reply', reply: { kind: 'integer', value: 7 } }
 */
export const connectionCommand = (conn: ConnectionState, argv: ReadonlyArray<string>, requirepass: string | undefined): LocalOutcome | undefined => {
  const name = commandNameOf(argv[0]);
  // Most commands are not connection commands: one set lookup for them.
  if (conn.authenticated && !CONNECTION_SET.has(name)) return undefined;
  switch (name) {
    case 'quit':
      return { kind: 'reply', reply: OK, close: true };
    case 'hello':
      return hello(conn, argv, requirepass);
    case 'auth': {
      if (argv.length < 2 || argv.length > 3) return { kind: 'reply', reply: Errors.arity('auth') };
      if (requirepass === undefined && argv.length === 2) {
        return { kind: 'reply', reply: error('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?') };
      }
      const bad = argv.length === 2 ? checkPassword(requirepass, 'default', argv[1]) : checkPassword(requirepass, argv[1], argv[2]);
      if (bad !== undefined) return { kind: 'reply', reply: bad };
      conn.authenticated = true;
      return { kind: 'reply', reply: OK };
    }
    default:
      break;
  }
  if (!conn.authenticated) return { kind: 'reply', reply: noauth };
  switch (name) {
    case 'client':
      return { kind: 'reply', reply: client(conn, argv) };
    case 'command':
      return { kind: 'reply', reply: command(argv) };
    case 'reset':
      conn.name = undefined;
      conn.proto = 2;
      conn.authenticated = requirepass === undefined;
      // READONLY / ASKING live in the node: READWRITE clears them there.
      return { kind: 'forward', argv: ['READWRITE'], shape: () => simple('RESET') };
    default:
      return undefined;
  }
};
