import { loadConfig } from '../src/config';
import { installedParts, kafkaFor, missingParts } from '../src/kafka';
import { measureBareRound, measureJobRound, measureLabRound, type KafkaRound, type RoundsMode } from './pipeline';

/**
 * The Kafka → job → HBase rounds of `npm run bench`, in a process of their own (see benchKafkaToHBase):
 * `node [--require …/preload.js] kafka-rounds.js <bare|lab> '<rounds as JSON>'` prints the results as JSON on
 * its last line. A `bare` process must read as kafkajs alone does, a `lab` one as the job's workers do: each
 * checks that it was started so.
 */
async function main(): Promise<void> {
  const mode = process.argv[2] as RoundsMode;
  const rounds = JSON.parse(process.argv[3] ?? '[]') as KafkaRound[];
  const missing = missingParts().length;
  if (mode === 'bare' ? missing < Object.keys(installedParts()).length : missing > 0) {
    throw new Error(`a ${mode} rounds process has the lab's kafkajs parts ${JSON.stringify(installedParts())}`);
  }
  const cfg = loadConfig();
  const kafka = kafkaFor(cfg, `bench-rounds-${mode}`);
  const results = [];
  for (const round of rounds) {
    if (mode === 'bare') results.push(await measureBareRound(kafka, round));
    else results.push(round.keyed || round.jobOnly ? await measureJobRound(cfg, kafka, round) : await measureLabRound(cfg, kafka, round));
  }
  console.log(JSON.stringify(results));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
