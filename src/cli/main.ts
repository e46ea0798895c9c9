import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { LabError } from '../errors';
import { formatError } from './output';
import { doctorCommand, downCommand, fetchCommand, logsCommand, resetCommand, statusCommand, upCommand } from './stack-commands';

const USAGE = `Usage: lab <command> [options]

Stack
  up                 fetch (first time) and start Kafka, HBase and Flume; create the topic and tables
  start              what \`npm start\` runs: up, then print what to open next
  down               stop what up started (data is kept)
  status [--json]    state, pid, ports, version, data and log paths of each service
  logs <service> [-n N]  the last N lines (default 60) of kafka, hbase or flume's log
  reset --yes        stop and delete all data (topics, tables, Flume positions)
  doctor             check Java, Maven, ports, disk and memory, and say what to fix
  fetch [--write-lock]   resolve the pinned jars from Maven Central into the cache

Settings come from environment variables: LAB_HOME (default .lab in the checkout), LAB_STACK=local|vm,
LAB_STACK_HOST, LAB_<SERVICE>_PORT (see README, "Configuration").`;

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      lines: { type: 'string', short: 'n', default: '60' },
      'write-lock': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const cfg = loadConfig();
  switch (command) {
    case 'up':
      return upCommand(cfg);
    case 'start': {
      const code = await upCommand(cfg);
      console.log('\nNext: `lab status` shows the services; `lab logs <service>` their logs; `lab down` stops them.');
      return code;
    }
    case 'down':
      return downCommand(cfg);
    case 'status':
      return statusCommand(cfg, values.json);
    case 'logs':
      return logsCommand(cfg, rest[0], Number(values.lines));
    case 'reset':
      return resetCommand(cfg, values.yes);
    case 'doctor':
      return doctorCommand(cfg);
    case 'fetch':
      return fetchCommand(cfg, values['write-lock']);
    default:
      throw new LabError(`Unknown command \`${command}\``, { hint: 'Run `lab --help` for the list.' });
  }
}

export function run(argv = process.argv.slice(2)): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(formatError(err));
      process.exitCode = 1;
    },
  );
}
