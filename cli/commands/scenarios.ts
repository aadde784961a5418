import { ExitCode, parse, type Command } from '../Command.js';
import { allScenarios } from '../scenarios.js';

/** `troupe scenarios`: list every named scenario with one line each. */
export const scenariosCommand: Command = {
  name: 'scenarios',
  summary: 'list the named scenarios of every model',
  help: `Usage: troupe scenarios [--json]

List every named scenario (cluster + fault schedule + invariants) that
\`troupe run\` and \`troupe chaos\` accept.

Options:
  --json      print the list as JSON
  -h, --help  show this help`,
  async run(args, io) {
    const { values } = parse(args, { json: { type: 'boolean' } }, false);
    const list = allScenarios().map((s) => ({ name: s.name, description: s.description, durationMs: s.durationMs }));
    if (values.json) {
      io.out(`${JSON.stringify(list, null, 2)}\n`);
      return ExitCode.Ok;
    }
    const width = Math.max(...list.map((s) => s.name.length));
    for (const s of list) io.out(`${s.name.padEnd(width)}  ${s.description} (${s.durationMs / 1000} s)\n`);
    return ExitCode.Ok;
  },
};
