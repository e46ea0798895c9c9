import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { LabError } from '../errors';
import { dashboardUrl, runDashboard } from '../dashboard';
import { createLineHandler } from '../stream/lines';
import { runSqlWorker, runWorker } from '../stream/worker';
import { sparkCommand } from './spark-commands';
import { formatError } from './output';
import { compareStoresCommand, count, demoCommand, generateCommand, positive, verifyCommand } from './pipeline-commands';
import { labDetector } from '../detect/worker';
import { detectCommand, trainCommand, verifyAlertsCommand } from './detect-commands';
import { DEFAULT_TRAINING } from '../detect/train';
import { notebookCommand, notebooksCommand } from './notebook-commands';
import { notebookUrl, startNotebook, stopNotebook } from '../notebook/server';
import { vmCommand } from './vm-commands';
import { doctorCommand, downCommand, fetchCommand, logsCommand, resetCommand, statusCommand, upCommand } from './stack-commands';

const USAGE = `Usage: lab <command> [options]

Stack
  up                 fetch (first time) and start Kafka, HBase and Flume; create the topic and tables
  start              what \`npm start\` runs: up, JupyterLab, then print what to open next
  down               stop what up (and notebook) started (data is kept)
  status [--json]    state, pid, ports, version, data and log paths of each service
  logs <service> [-n N]  the last N lines (default 60) of a service's log (kafka, hbase, flume, stream-1, detector, dashboard)
  reset --yes        stop and delete all data (topics, tables, Flume positions)
  doctor             check Java, Maven, ports, disk and memory, and say what to fix
  fetch [--write-lock]   resolve the pinned jars from Maven Central into the cache

VM (Vagrant, CentOS 7; the job, dashboard and notebooks stay on this machine)
  up --vm / down --vm    render, \`vagrant up\`, wait for health at the VM's address, start job + dashboard / stop, halt
  vm plan [--address A] [--json]  every decision provisioning takes (box, repos, JDK, versions, configs, firewall, units)
  vm render [--address A]         fetch the jars and render plan, configs, launch files and units into vagrant/.generated

Pipeline
  generate [--lines N] [--start yyyy-MM-dd] [--days D] [--seed S] [--malformed 0.02] [--out FILE|-]
                         write N log lines (default: into Flume's directory) and their ground truth
  generate --live [--rate R] [--duration SECONDS] [--bots N] [--error-bursts M]
                         append R lines/s (default 1000), each stamped with its own time, until Ctrl-C;
                         with incidents (bots, 5xx bursts) placed in the run, listed in the ground truth
  generate --bots N --error-bursts M [--start 'yyyy-MM-dd[ HH:mm:ss]'] [--duration SECONDS] [--rate R] [--out FILE|-]
                         history with incidents, in time order: R lines each simulated second (default an hour)
  train [--seed S] [--duration SECONDS] [--rate R] [--bots N]
                         train the detector's bot model on a generated, labelled history (the running detector
                         picks it up)
  verify-alerts <truth.json> [--wait SECONDS]
                         the detector's committed alerts against a run's incidents: precision, recall, delay
  detect [--source TOPIC --group G --alerts-topic T --state-topic T --table T --name N]
                         run the detector's worker in the foreground (lab up runs it, supervised, in the
                         background); the options run another detector beside it, with names of its own
  verify <truth.json> [--store hbase|sql]
                         compare both stores' totals (or one) with a ground truth and print the differences
  compare-stores [--day yyyyMMdd]
                         HBase and the SQL store row by row (every day, or one)
  demo [--rate R]        live clicks at R lines/s (default 200) with the running totals: watch the dashboard
  stream [--worker-id N] run a streaming worker in the foreground (lab up runs one in the background)
  sql-stream [--worker-id N]  run a worker of the SQL job (counts into MariaDB) in the foreground
  spark start [--trigger-ms N] | stop | status
                         the Spark Structured Streaming job (local[2]) into its own HBase tables; not started by up
  spark package [--out DIR] [--master URL]
                         the job's jar and the jars Spark does not ship (default LAB_HOME/spark-package), and the
                         spark-submit command for this lab's settings (docs/spark-cluster.md)
  dashboard              serve the live dashboard in the foreground (lab up runs it in the background)

Notebooks
  notebook               start JupyterLab (tslab kernel) on 127.0.0.1 with a token and print its URL
  notebooks build [--check]  notebooks/src/*.md -> notebooks/*.ipynb (--check: only report drift)

Settings come from environment variables: LAB_HOME (default .lab in the checkout), LAB_STACK=local|vm,
LAB_STACK_HOST, LAB_<SERVICE>_PORT (see README, "Configuration").`;

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      tail: { type: 'string', short: 'n', default: '60' },
      'write-lock': { type: 'boolean', default: false },
      'worker-id': { type: 'string', default: '1' },
      live: { type: 'boolean', default: false },
      lines: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      days: { type: 'string' },
      malformed: { type: 'string' },
      bots: { type: 'string' },
      'error-bursts': { type: 'string' },
      out: { type: 'string', short: 'o' },
      // Appended by `lab up` to the processes it starts, so that `down` can recognise them by pid.
      'lab-marker': { type: 'string' },
      check: { type: 'boolean', default: false },
      vm: { type: 'boolean', default: false },
      address: { type: 'string' },
      store: { type: 'string' },
      day: { type: 'string' },
      'trigger-ms': { type: 'string' },
      master: { type: 'string' },
      supervise: { type: 'boolean', default: false },
      name: { type: 'string' },
      source: { type: 'string' },
      group: { type: 'string' },
      'alerts-topic': { type: 'string' },
      'state-topic': { type: 'string' },
      table: { type: 'string' },
      wait: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  // `--vm` and `--address` are the same single setting as LAB_STACK=vm / LAB_STACK_HOST, also for the job and
  // dashboard processes `up` starts (they inherit this environment).
  if (values.vm || command === 'vm') process.env.LAB_STACK = 'vm';
  if (values.address) process.env.LAB_STACK_HOST = values.address;
  const cfg = loadConfig();
  switch (command) {
    case 'up':
      return upCommand(cfg);
    case 'vm':
      return vmCommand(cfg, rest[0], values.json);
    case 'start': {
      // JupyterLab needs nothing of the stack to start: it comes up while the JVMs do.
      const [stack, notebook] = await Promise.allSettled([upCommand(cfg), startNotebook(cfg, (line) => console.log(line))]);
      if (stack.status === 'rejected') {
        if (notebook.status === 'fulfilled' && notebook.value.outcome === 'started') await stopNotebook(cfg);
        throw stack.reason;
      }
      if (notebook.status === 'rejected') throw notebook.reason;
      const code = stack.value;
      const nb = notebook.value;
      console.log(`jupyter ${nb.outcome === 'started' ? 'started' : 'already running'} (pid ${nb.pid})`);
      console.log(
        [
          '',
          `Open the live dashboard: ${dashboardUrl(cfg)}`,
          `Open the notebooks:      ${notebookUrl(cfg)}   (start with 00-tour.ipynb)`,
          'Make clicks flow:        npx lab demo            (live logs at 200 lines/s; Ctrl-C stops)',
          'Or a day of history:     npx lab generate --lines 100000 --days 7, then npx lab verify <truth file it prints>',
          'Bots and 5xx bursts:     npx lab generate --live --bots 3 --error-bursts 2 --duration 600, alerts on the dashboard;',
          '                         then npx lab verify-alerts <truth file it prints>',
          'See what runs:           npx lab status          (npx lab logs <service> for a log; npx lab down stops all)',
        ].join('\n'),
      );
      return code;
    }
    case 'notebook':
      return notebookCommand(cfg);
    case 'notebooks':
      return notebooksCommand(cfg, rest[0], values.check);
    case 'down':
      return downCommand(cfg);
    case 'status':
      return statusCommand(cfg, values.json);
    case 'logs':
      return logsCommand(cfg, rest[0], Number(values.tail));
    case 'reset':
      return resetCommand(cfg, values.yes);
    case 'doctor':
      return doctorCommand(cfg);
    case 'fetch':
      return fetchCommand(cfg, values['write-lock']);
    case 'generate':
      return generateCommand(cfg, {
        live: values.live,
        lines: positive('lines', values.lines, 100_000),
        rate: positive('rate', values.rate, 1000),
        durationSec: values.duration === undefined ? undefined : positive('duration', values.duration, 60),
        seed: values.seed ?? String(Date.now()),
        start: values.start ?? new Date().toISOString().slice(0, 10),
        days: positive('days', values.days, 1),
        malformed: values.malformed === undefined ? 0.02 : Number(values.malformed),
        out: values.out,
        bots: count('bots', values.bots),
        errorBursts: count('error-bursts', values['error-bursts']),
      });
    case 'train':
      return trainCommand(cfg, {
        seed: values.seed ?? DEFAULT_TRAINING.seed,
        seconds: positive('duration', values.duration, DEFAULT_TRAINING.seconds),
        rate: positive('rate', values.rate, DEFAULT_TRAINING.rate),
        bots: values.bots === undefined ? DEFAULT_TRAINING.bots : count('bots', values.bots),
      });
    case 'verify-alerts':
      return verifyAlertsCommand(cfg, rest[0], positive('wait', values.wait, 60) * 1000);
    case 'detect':
      return detectCommand(cfg, values.supervise, labDetector(cfg, definedOnly({ name: values.name, source: values.source, groupId: values.group, alertsTopic: values['alerts-topic'], stateTopic: values['state-topic'], table: values.table })));
    case 'verify':
      return verifyCommand(cfg, rest[0], values.store);
    case 'compare-stores':
      return compareStoresCommand(cfg, values.day);
    case 'demo':
      return demoCommand(cfg, positive('rate', values.rate, 200));
    case 'dashboard':
      await runDashboard(cfg);
      return new Promise<number>(() => undefined); // serves until SIGTERM/SIGINT
    case 'stream':
      await runWorker(cfg, values['worker-id'], createLineHandler(cfg));
      return new Promise<number>(() => undefined); // consumes until SIGTERM/SIGINT
    case 'spark':
      return sparkCommand(cfg, rest[0], { triggerMs: values['trigger-ms'], out: values.out, master: values.master });
    case 'sql-stream':
      await runSqlWorker(cfg, values['worker-id'], createLineHandler(cfg));
      return new Promise<number>(() => undefined);
    default:
      throw new LabError(`Unknown command \`${command}\``, { hint: 'Run `lab --help` for the list.' });
  }
}

/** The options that were given (parseArgs leaves the others undefined, which must not override a default). */
function definedOnly<T extends Record<string, string | undefined>>(o: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}

/**
 * Commands that start services in the background and then only report. Once they have, nothing in this
 * process is needed; they exit explicitly, because a client socket left behind (seen: an HBase health
 * probe's ZooKeeper and regionserver connections after a fresh `start`) must not keep `npm start` from returning.
 */
const EXIT_WHEN_DONE = new Set(['start', 'notebook']);

export function run(argv = process.argv.slice(2)): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
      if (EXIT_WHEN_DONE.has(argv[0] ?? '')) process.exit(code);
    },
    (err: unknown) => {
      console.error(formatError(err));
      process.exitCode = 1;
    },
  );
}
