import type { LabConfig } from '../src/config';
import type { TruthSummary } from '../src/generator';
import type { HBaseClient } from '../src/hbase';
import type { ClickTotals } from '../src/stores';
import { verifyTotals } from '../src/stream/verify';
import { eventually } from '../src/util/wait';

/** Whether a store (an HBase client: HBase) equals the ground truth within `timeoutMs`. */
export function untilExact(store: HBaseClient | ClickTotals, cfg: LabConfig, truth: TruthSummary, timeoutMs: number): Promise<boolean> {
  return eventually('the store to equal the ground truth', async () => ((await verifyTotals(store, cfg, truth)).length === 0 ? true : undefined), { timeoutMs }).then(
    () => true,
    () => false,
  );
}
