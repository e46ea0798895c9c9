import { installKafkajsParts } from './patch';

// Imported before kafkajs by the lab's Kafka client (client.ts): kafkajs takes its consumer's Batch class when
// it is first required, so the lab's faster parts must be in the module cache by then (patch.ts).
installKafkajsParts();
