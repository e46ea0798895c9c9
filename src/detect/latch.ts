/**
 * One alert per incident, not one per window (issue #19): a key's latch opens on its first alerting window, and
 * only that opening is an alert. It stays open while windows keep alerting and closes after `quietWindows`
 * windows in a row that do not; an incident of the same key after that is a new one. Windows arrive per key in
 * start order (windows.ts closes them so).
 */
export interface Latch {
  open: boolean;
  /** Non-alerting windows in a row since the last alerting one. */
  quiet: number;
}

export const newLatch = (): Latch => ({ open: false, quiet: 0 });

/** Feeds one window's verdict; true when it starts an incident (emit the alert). */
export function step(latch: Latch, alerting: boolean, quietWindows: number): boolean {
  if (alerting) {
    latch.quiet = 0;
    if (latch.open) return false;
    latch.open = true;
    return true;
  }
  if (latch.open && ++latch.quiet >= quietWindows) {
    latch.open = false;
    latch.quiet = 0;
  }
  return false;
}
