import { loadConfig } from '../config';
import { kafkaFor } from '../kafka';
import { measureKafkaRound, measureKeyedRound, type KafkaRound } from './pipeline';

/**
 * The Kafka → job → HBase rounds of `npm run bench`, in a process of their own (see benchKafkaToHBase):
 * `node kafka-rounds.js '<rounds as JSON>'` prints the results as JSON on its last line.
 */
async function main(): Promise<void> {
  const rounds = JSON.parse(process.argv[2] ?? '[]') as KafkaRound[];
  const cfg = loadConfig();
  const kafka = kafkaFor(cfg, 'bench-rounds');
  const results = [];
  for (const round of rounds) results.push(round.keyed ? await measureKeyedRound(cfg, kafka, round) : await measureKafkaRound(cfg, kafka, round));
  console.log(JSON.stringify(results));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
