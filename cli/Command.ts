import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes of the troupe command. */
export const ExitCode = {
  /** Everything went as asked. */
  Ok: 0,
  /** The command ran and found problems (failing seeds, violated invariants). */
  Failed: 1,
  /** Bad usage: unknown command or option, missing argument. */
  Usage: 2,
} as const;

/** Where a command writes (a seam for specs). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (progress bars, colours). */
  readonly tty: boolean;
}

/** The process's stdout/stderr. */
export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  tty: process.stdout.isTTY === true,
};

/** One subcommand: its name, a one-line summary, its usage text and its body. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full help: usage line, description, options. */
  readonly help: string;
  run(args: string[], io: Io): Promise<number>;
}

/** A usage error: printed with the command's help pointer, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** parseArgs with troupe's conventions: unknown options and stray positionals are usage errors. */
export const parse = <T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
): ReturnType<typeof parseArgs<{ args: string[]; options: T & { help: { type: 'boolean'; short: 'h' } }; allowPositionals: boolean; strict: true }>> => {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/, '') : String(err));
  }
};

/** A duration like `60s`, `500ms`, `2m`, `1h` or a plain number of ms. */
export const parseDuration = (text: string): number => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) throw new UsageError(`not a duration: '${text}' (use e.g. 500ms, 60s, 2m)`);
  const n = Number(m[1]);
  switch (m[2]) {
    case 's':
      return n * 1000;
    case 'm':
      return n * 60_000;
    case 'h':
      return n * 3_600_000;
    default:
      return n;
  }
};

/** An integer option. */
export const parseInteger = (name: string, text: string): number => {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--${name} must be an integer, got '${text}'`);
  return Number(text);
};
