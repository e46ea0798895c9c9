import { DependencyError } from '../errors';

/**
 * The kafkajs release the lab is written against. Its faster parts (patch.ts) replace modules inside kafkajs
 * and its committer relies on how kafkajs registers transactional ids (stream/transactional-commit.ts), so
 * another release must fail loudly at load, not behave differently without a word.
 */
export const KAFKAJS_VERSION = '2.2.4';

/** Why `found` will not do, or undefined when it is the release the lab expects. */
export function kafkajsVersionProblem(found: string | undefined): DependencyError | undefined {
  if (found === KAFKAJS_VERSION) return undefined;
  return new DependencyError(`Expected kafkajs ${KAFKAJS_VERSION}, found ${found ?? 'no kafkajs'} in node_modules`, {
    hint: `Run \`npm ci\` in the checkout: package-lock.json pins kafkajs ${KAFKAJS_VERSION}.`,
  });
}

/** Throws unless the installed kafkajs is KAFKAJS_VERSION. */
export function assertKafkajsVersion(): void {
  let found: string | undefined;
  try {
    found = (require('kafkajs/package.json') as { version: string }).version;
  } catch {
    found = undefined;
  }
  const problem = kafkajsVersionProblem(found);
  if (problem) throw problem;
}
