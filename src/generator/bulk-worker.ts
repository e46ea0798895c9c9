import { parentPort, workerData } from 'node:worker_threads';
import { chunkMaker, type ChunkSpec } from './chunk';

/** A worker thread of bulk generation: makes the chunks it is asked for and hands their bytes over (no copy). */
const make = chunkMaker(workerData as ChunkSpec);
parentPort?.on('message', ({ index, lines }: { index: number; lines: number }) => {
  const { bytes, counts } = make(index, lines);
  // A fresh ArrayBuffer of its own: transferring moves it instead of copying.
  const own = new Uint8Array(bytes);
  parentPort?.postMessage({ index, bytes: own, counts }, [own.buffer as ArrayBuffer]);
});
