import { ExitCode, processIo, UsageError, type Command, type Io } from './Command.js';
import { chaosCommand } from './commands/chaos.js';
import { redisCommand, redisCtlCommand, redisNodeCommand } from './commands/redis.js';
import { runCommand } from './commands/run.js';
import { scenariosCommand } from './commands/scenarios.js';
import { traceCommand } from './commands/trace.js';
import { tourCommand } from './commands/tour.js';
import { mesosCommand } from './commands/mesos.js';
import { kubeCommand } from './commands/kube.js';

/** Every subcommand of `troupe`, in help order. */
export const commands: ReadonlyArray<Command> = [tourCommand, runCommand, scenariosCommand, chaosCommand, traceCommand, redisCommand, redisCtlCommand, redisNodeCommand, mesosCommand, kubeCommand];

const usage = (): string => `troupe — build, run and test distributed control planes as actors

Usage: troupe <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`troupe <command> --help\` for a command's options.`;

/**
 * Run the troupe command with `argv` (without node and script); returns the exit code.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export const main = async (argv: string[], io: Io = processIo): Promise<number> => {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(`${usage()}\n`);
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`troupe: unknown command '${name}'\n\n${usage()}\n`);
    return ExitCode.Usage;
  }
  if (name !== 'trace' && (args.includes('--help') || args.includes('-h'))) {
    io.out(`${command.help}\n`);
    return ExitCode.Ok;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`troupe ${name}: ${err.message}\nRun \`troupe ${name} --help\` for usage.\n`);
      return ExitCode.Usage;
    }
    throw err;
  }
};
