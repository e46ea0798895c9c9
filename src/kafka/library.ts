import { assertPatched, type PatchedLibrary } from '../libraries/patched-library';

/**
 * The kafkajs release the lab is written against, with the lab's fix (patches/kafkajs+2.2.4.patch: a
 * read_committed consumer let an aborted transaction's messages through when several producers' aborted
 * transactions began before one fetch). Its faster parts (patch.ts) replace modules inside kafkajs and its
 * committer relies on how kafkajs registers transactional ids (stream/transactional-commit.ts), so another
 * release, or this one without the fix, must fail loudly at load, not behave differently without a word.
 */
export const KAFKAJS: PatchedLibrary = {
  name: 'kafkajs',
  version: '2.2.4',
  patchRevision: 1,
  markerFile: 'src/consumer/filterAbortedMessages.js',
};

export const KAFKAJS_VERSION = KAFKAJS.version;

/** Throws unless the installed kafkajs is KAFKAJS_VERSION with the lab's patch. */
export function assertKafkajsLibrary(): void {
  assertPatched(KAFKAJS);
}
