import type { LabConfig } from '../config';
import { LabError } from '../errors';
import { sparkJobStatus, startSparkJob, stopSparkJob } from '../spark/job';
import { positive } from './pipeline-commands';

/** `lab spark start [--trigger-ms N] | stop | status`: the Spark job (issue #18), not started by `lab up`. */
export async function sparkCommand(cfg: LabConfig, sub: string | undefined, triggerMs: string | undefined): Promise<number> {
  if (sub === 'start') {
    const r = await startSparkJob(cfg, { triggerMs: positive('trigger-ms', triggerMs, 1000) });
    const s = sparkJobStatus(cfg);
    console.log(`spark job ${r.outcome === 'started' ? 'started' : 'already running'} (pid ${r.pid}); log ${s.logFile}; checkpoint ${s.checkpoint}`);
    return 0;
  }
  if (sub === 'stop') {
    console.log(`spark job ${await stopSparkJob(cfg)}`);
    return 0;
  }
  if (sub === 'status' || sub === undefined) {
    const s = sparkJobStatus(cfg);
    console.log(`spark job ${s.state}${s.pid === null ? '' : ` (pid ${s.pid})`}; log ${s.logFile}; checkpoint ${s.checkpoint}`);
    return s.state === 'running' ? 0 : 3;
  }
  throw new LabError(`Unknown \`lab spark ${sub}\``, { hint: 'Use `lab spark start`, `lab spark stop` or `lab spark status`.' });
}
