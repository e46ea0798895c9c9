import type { LabConfig } from '../config';
import { trainFromHistory, type TrainRun } from '../detect/train';
import { seconds } from './output';

/** `lab train`: the bot model from a generated history, saved under LAB_HOME (issue #19). */
export async function trainCommand(cfg: LabConfig, run: TrainRun): Promise<number> {
  const began = Date.now();
  console.error(`generating ${run.seconds} s of history at ${run.rate} lines/s with ${run.bots} bots (seed ${run.seed}), then training…`);
  const r = await trainFromHistory(cfg, run);
  const variants = r.incidents.flatMap((i) => (i.kind === 'bot' ? [i.variant] : []));
  const { windows, bots, used } = r.model.trainedOn;
  console.log(`bot model: a random forest over ${r.model.features.length} features, trained on ${used} of ${windows} labelled IP windows (${bots} a bot's) from ${r.windows} windows; bots ${variants.filter((v) => v === 'crawler').length} crawlers, ${variants.filter((v) => v === 'scraper').length} scrapers; ${seconds(Date.now() - began)}`);
  console.log(`saved to ${r.file}`);
  return 0;
}
