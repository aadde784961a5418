import { ExitCode, parse, parseInteger, type Command } from '../Command.js';
import { FAST_MESOS, MESOS_DEFAULTS, startMesosServer } from '../../actors/mesos/index.js';

/** `troupe mesos`: a Mesos master with simulated agents behind the v1 Scheduler HTTP API, until Ctrl-C. */
export const mesosCommand: Command = {
  name: 'mesos',
  summary: 'serve a Mesos master and simulated agents over the v1 Scheduler HTTP API',
  help: `Usage: troupe mesos [--agents N] [--port P] [--host H] [--masters M] [--fast] [--seed S]

Run a Mesos master (lease store, allocator) and N simulated agents as actors
on the real clock and serve POST /api/v1/scheduler (SUBSCRIBE answers a
RecordIO event stream), GET /master/state, /health and /version.

Options:
  --agents N   simulated agents (4 cpus, 8 GB, 20 GB disk, ports 31000-32000 each) [5]
  --port P     port of the first master (master i listens on P + i) [5050]
  --host H     address to listen on [127.0.0.1]
  --masters M  master candidates; standbys answer 307 to the leader [1]
  --fast       Mesos' timers scaled ~10x down (FAST_MESOS) instead of Mesos' defaults
  --seed S     seed of the actor system [1]
  -h, --help   show this help`,
  async run(args, io) {
    const { values } = parse(args, { agents: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, masters: { type: 'string' }, fast: { type: 'boolean' }, seed: { type: 'string' } }, false);
    const server = await startMesosServer({
      agents: values.agents === undefined ? 5 : parseInteger('agents', values.agents),
      port: values.port === undefined ? 5050 : parseInteger('port', values.port),
      host: values.host ?? '127.0.0.1',
      masters: values.masters === undefined ? 1 : parseInteger('masters', values.masters),
      config: values.fast === true ? FAST_MESOS : MESOS_DEFAULTS,
      seed: values.seed === undefined ? 1 : parseInteger('seed', values.seed),
    });
    for (const m of server.masters) io.out(`${m.node}: ${m.url}/api/v1/scheduler\n`);
    io.out(`state: ${server.url}/master/state (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    await server.close();
    return ExitCode.Ok;
  },
};
