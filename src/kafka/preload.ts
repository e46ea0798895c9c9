import { assertKafkajsLibrary } from './library';
import { installKafkajsParts, missingParts } from './patch';

/**
 * `node --require <dist>/src/kafka/preload.js …`: puts the lab's faster kafkajs parts in place (patch.ts) before
 * anything loads kafkajs. Only the streaming job's processes are started with it (process/job-process.ts); every
 * other process — the CLI, the dashboard, notebook kernels, the bench's bare consumer — runs kafkajs as published.
 */
assertKafkajsLibrary();
installKafkajsParts();
const missing = missingParts();
// Too late for a part only when kafkajs was loaded before this file: the parts would then be kafkajs's own.
if (missing.length > 0) console.error(`kafkajs: the lab's faster ${missing.join(', ')} could not be installed (kafkajs loaded first); reading as kafkajs alone does`);
