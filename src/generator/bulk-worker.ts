import { parentPort, workerData } from 'node:worker_threads';
import { chunkMaker, type ChunkSpec } from './chunk';

/**
 * A worker thread of bulk generation: makes the chunks it is asked for and hands their bytes over (transferred,
 * no copy); buffers the writer is done with come back (`reuse`) and are filled again.
 */
const make = chunkMaker(workerData as ChunkSpec);
const spare: ArrayBuffer[] = [];
parentPort?.on('message', (m: { index: number; lines: number } | { reuse: ArrayBuffer }) => {
  if ('reuse' in m) {
    spare.push(m.reuse);
    return;
  }
  const { bytes, counts } = make(m.index, m.lines, spare.pop());
  parentPort?.postMessage({ index: m.index, bytes, counts }, [bytes.buffer as ArrayBuffer]);
});
