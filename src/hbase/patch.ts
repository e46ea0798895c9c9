/**
 * Fixes to hbase-rpc-client 0.1.15 for HBase 2, applied once to its prototypes before any client exists.
 * Each was found against HBase 2.6.4; each has an integration test (test/integration/hbase.test.ts).
 *
 * 1. Scans stopped after a few hundred rows. The scanner arms a timer with the response's `ttl` and closes
 *    itself when it fires. HBase 2 sends no `ttl`, so `setTimeout(close, undefined)` fired at once and a scan
 *    silently ended mid-way. We use the server's default lease (60 s) when no ttl is sent, and unref the
 *    timer so an idle scanner never keeps Node alive.
 * 2. Moving to the next region, the scanner restarted at endKey + 1 (last byte incremented), skipping every
 *    row that starts with the region boundary. A region starts *at* its start key, so we restart there.
 * 3. The region cache kept regions of other tables whose names share a prefix (`clicks` and `clicks_salted`),
 *    and a lookup for a missing table returned the nearest other table's region (or threw from a socket
 *    handler). Both are rejected by name, and the lookup fails with TableNotFoundException instead.
 * 4. A client closed before HBase had published hbase:meta's location kept re-arming its ZooKeeper watch
 *    every 200 ms forever, so a health check made while HBase was starting kept Node from exiting.
 */
import { describe } from '../errors';

const DEFAULT_SCANNER_LEASE_MS = 60_000;

/* The library's internals are untyped; these are the fields the fixes touch. */
interface Location {
  name: Buffer;
  startKey: Buffer;
  endKey: Buffer;
}
interface ScanInternals {
  reversed: boolean;
  scannerId: unknown;
  timeout: NodeJS.Timeout | null;
  numCached: number;
  stopRow?: string | Buffer;
  server: unknown;
  location: Location | null;
  nextStartRow: string | Buffer | null;
  cached: unknown[];
  closed: boolean;
  client: { _parseResponse(r: unknown): unknown };
  close(): void;
  closeScan(server: unknown, location: Location | null, scannerId: unknown): void;
  _getData(startRow: string | Buffer | null, cb: (err?: unknown) => void): void;
}
interface ScanResponse {
  scannerId: unknown;
  ttl?: number | null;
  moreResults?: boolean | null;
  results: unknown[];
}
type Cb = (err: unknown, value?: unknown) => void;
interface ClientInternals {
  cachedRegionLocations: Record<string, Record<string, unknown>>;
}

function belongsTo(table: string | Buffer, regionName: Buffer | string | undefined): boolean {
  if (!regionName) return false;
  const t = table.toString();
  const name = regionName.toString();
  return name.startsWith(`${t},`) || t === 'hbase:meta';
}

let applied = false;

export function applyHBaseClientFixes(): void {
  if (applied) return;
  applied = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ScanClass = (require('hbase-rpc-client/lib/scan') as { Scan: { prototype: Record<string, unknown> } }).Scan;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ClientClass = require('hbase-rpc-client/lib/client') as { prototype: Record<string, unknown> };

  const originalProcess = ScanClass.prototype._processResponse as (this: ScanInternals, r: ScanResponse, cb: Cb) => void;
  ScanClass.prototype._processResponse = function processResponse(this: ScanInternals, response: ScanResponse, cb: Cb) {
    if (this.reversed) return originalProcess.call(this, response, cb); // the lab never scans backwards
    this.scannerId = response.scannerId;
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = setTimeout(() => this.close(), response.ttl || DEFAULT_SCANNER_LEASE_MS);
    this.timeout.unref();

    const location = this.location as Location;
    const count = response.results.length;
    const regionExhausted = count < this.numCached || response.moreResults === false;
    const isLastRegion = location.endKey.length === 0;
    const pastStop = this.stopRow !== undefined && this.stopRow !== null && String(this.stopRow) !== '' &&
      Buffer.compare(location.endKey, Buffer.from(this.stopRow)) >= 0;
    this.nextStartRow = null;
    this.cached = response.results.map((r) => this.client._parseResponse(r));

    if (regionExhausted && !isLastRegion && !pastStop) {
      // Fix 2: continue in the next region, which starts exactly at this region's end key.
      this.closeScan(this.server, location, this.scannerId);
      this.server = this.location = this.scannerId = null;
      this.nextStartRow = Buffer.from(location.endKey);
      if (this.cached.length === 0) return this._getData(this.nextStartRow, cb);
      return cb(null);
    }
    if (regionExhausted) {
      // Nothing more anywhere: release the server-side scanner now, hand out what we have, then end.
      this.closeScan(this.server, location, this.scannerId);
      clearTimeout(this.timeout);
      this.closed = true;
    }
    return cb(null);
  };

  // A meta row without region info (a missing table, a region in transition) made the original throw
  // inside a socket handler, killing the process. An empty placeholder is rejected by the checks below.
  const originalParse = ClientClass.prototype._parseRegionInfo as (res: unknown) => unknown;
  ClientClass.prototype._parseRegionInfo = function parseRegionInfo(this: unknown, res: unknown) {
    try {
      return originalParse.call(this, res) ?? { name: Buffer.alloc(0) };
    } catch {
      return { name: Buffer.alloc(0) };
    }
  };

  const originalWatch = ClientClass.prototype._zkWatch as (this: { labClosed?: boolean }) => unknown;
  ClientClass.prototype._zkWatch = function zkWatch(this: { labClosed?: boolean }) {
    if (this.labClosed) return undefined; // Fix 4: closed by HBaseClient.close()
    return originalWatch.call(this);
  };

  const originalCache = ClientClass.prototype.cacheLocation as (this: ClientInternals, t: string, r: { name: Buffer }) => void;
  ClientClass.prototype.cacheLocation = function cacheLocation(this: ClientInternals, table: string, region: { name: Buffer }) {
    if (!belongsTo(table, region.name)) return undefined; // Fix 3: another table's region
    return originalCache.call(this, table, region);
  };

  const originalLocate = ClientClass.prototype.locateRegionInMeta as (
    this: ClientInternals,
    table: Buffer,
    row: Buffer,
    useCache: boolean,
    cb: Cb,
  ) => void;
  ClientClass.prototype.locateRegionInMeta = function locateRegionInMeta(
    this: ClientInternals,
    table: Buffer,
    row: Buffer,
    useCache: boolean,
    cb: Cb,
  ) {
    return originalLocate.call(this, table, row, useCache, (err, region) => {
      if (err) return cb(describe(err));
      const r = region as { name?: Buffer } | null;
      if (!r || !r.name || !belongsTo(table, r.name)) {
        return cb(`TableNotFoundException: table ${table.toString()} not found`);
      }
      return cb(null, region);
    });
  };
}
