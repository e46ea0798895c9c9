import type { Consumer } from 'kafkajs';

/** Calls `cb` when the consumer fails for good (kafkajs restarts it itself after retriable errors). */
export function onCrashForGood(consumer: Consumer | undefined, cb: (err: unknown) => void): void {
  if (!consumer) throw new Error('start() the job before registering onCrash');
  consumer.on(consumer.events.CRASH, (e) => {
    if (!e.payload.restart) cb(e.payload.error);
  });
}
