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
 * 3. The region cache kept regions of other tables whose names share a prefix (`clicks` and `clicks_salted`);
 *    they are rejected by name. A cache miss was answered with a closestRowBefore Get that HBase 2 no longer
 *    serves, so a table created (or split) after the client's first look was never found; a miss now rescans
 *    hbase:meta, and a table with no regions fails with TableNotFoundException.
 * 5. Its ZooKeeper client (node-zookeeper-client 0.2.3) throws from inside a socket handler when a reply
 *    carries an error code it does not know, which kills the whole process (seen once under load). Such a
 *    reply now becomes a CONNECTION_LOSS error for the one request, which the callers already retry.
 * 4. A client closed before HBase had published hbase:meta's location kept re-arming its ZooKeeper watch
 *    every 200 ms forever, so a health check made while HBase was starting kept Node from exiting.
 * 6. A regionserver connection that did not connect within the timeout was forgotten, but its socket was left
 *    to go on connecting; once HBase accepted it, that open socket (known to no client, so no close() reached
 *    it) kept Node from exiting: a cold `lab up` printed "lab is up" and never returned. The forgotten
 *    connection's socket is now destroyed, and a closed client opens no new connection (an operation still
 *    under way when its client was closed then never completes, instead of connecting again). A refused
 *    connection no longer throws a TypeError from the library's own log line.
 */

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
interface LocateInternals extends ClientInternals {
  _prefetchRegionCacheList: Record<string, boolean>;
  prefetchRegionCache(table: Buffer, cb: () => void): void;
  getCachedLocation(table: Buffer, row: Buffer): unknown;
}

function belongsTo(table: string | Buffer, regionName: Buffer | string | undefined): boolean {
  if (!regionName) return false;
  const t = table.toString();
  const name = regionName.toString();
  return name.startsWith(`${t},`) || t === 'hbase:meta';
}

/** The raw bytes of the response being delivered right now (set around the library's synchronous dispatch). */
let rawResponseInFlight: Uint8Array | undefined;

/** Reads a top-level varint field of a protobuf message (undefined when absent or unreadable). */
export function readVarintField(msg: Uint8Array, field: number): number | undefined {
  let i = 0;
  let found: number | undefined;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (i >= msg.length || shift > 63) throw new RangeError('truncated varint');
      const b = msg[i++] as number;
      v += (b & 0x7f) * 2 ** shift; // 64-bit ids lose precision here; only small fields are read
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  try {
    while (i < msg.length) {
      const key = varint();
      const wire = key % 8;
      const f = Math.floor(key / 8);
      if (wire === 0) {
        const v = varint();
        if (f === field) found = v;
      } else if (wire === 1) i += 8;
      else if (wire === 2) {
        const len = varint(); // not `i += varint()`: that would add to i as it was before the length bytes
        i += len;
      } else if (wire === 5) i += 4;
      else return undefined;
    }
  } catch {
    return undefined;
  }
  return found;
}

function bytesOf(message: unknown): Uint8Array | undefined {
  if (message instanceof Uint8Array) return message;
  const bb = message as { toBuffer?: () => Buffer } | undefined;
  return typeof bb?.toBuffer === 'function' ? bb.toBuffer() : undefined;
}

/** Fix 5: an unknown ZooKeeper error code becomes CONNECTION_LOSS instead of an uncaught throw. */
export function tolerateUnknownZooKeeperCodes(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zkException = require('node-zookeeper-client/lib/Exception') as {
    create: (code: number, path?: string) => Error;
    CONNECTION_LOSS: number;
    labPatched?: boolean;
  };
  if (zkException.labPatched) return;
  const original = zkException.create;
  zkException.create = (code, path) => {
    try {
      return original(code, path);
    } catch {
      return original(zkException.CONNECTION_LOSS, path);
    }
  };
  zkException.labPatched = true;
}

let applied = false;

export function applyHBaseClientFixes(): void {
  if (applied) return;
  applied = true;
  tolerateUnknownZooKeeperCodes();
  // The package entry first: it sets protobufjs options that its modules' .proto loading depends on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('hbase-rpc-client');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ScanClass = (require('hbase-rpc-client/lib/scan') as { Scan: { prototype: Record<string, unknown> } }).Scan;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ClientClass = require('hbase-rpc-client/lib/client') as { prototype: Record<string, unknown> };

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ConnectionClass = require('hbase-rpc-client/lib/connection') as { prototype: Record<string, unknown> };
  const originalMessages = ConnectionClass.prototype.processMessages as (this: unknown, messages: unknown[]) => unknown;
  ConnectionClass.prototype.processMessages = function processMessages(this: unknown, messages: unknown[]) {
    rawResponseInFlight = bytesOf(messages[1]);
    try {
      return originalMessages.call(this, messages);
    } finally {
      rawResponseInFlight = undefined;
    }
  };

  const originalProcess = ScanClass.prototype._processResponse as (this: ScanInternals, r: ScanResponse, cb: Cb) => void;
  ScanClass.prototype._processResponse = function processResponse(this: ScanInternals, response: ScanResponse, cb: Cb) {
    if (this.reversed) return originalProcess.call(this, response, cb); // the lab never scans backwards
    this.scannerId = response.scannerId;
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = setTimeout(() => this.close(), response.ttl || DEFAULT_SCANNER_LEASE_MS);
    this.timeout.unref();

    const location = this.location as Location;
    const count = response.results.length;
    const moreInRegion = rawResponseInFlight ? readVarintField(rawResponseInFlight, 8) : undefined;
    const regionExhausted =
      response.moreResults === false || (moreInRegion === undefined ? count < this.numCached : moreInRegion === 0);
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

  type Connecting = { labClosed?: boolean; servers: Record<string, { socket?: { destroy(): void } } | undefined> };
  const originalConnError = ClientClass.prototype._handleConnectionError as (this: Connecting, ...args: unknown[]) => unknown;
  ClientClass.prototype._handleConnectionError = function handleConnectionError(this: Connecting, err: unknown, serverName: string, timer: unknown) {
    this.servers[serverName]?.socket?.destroy(); // Fix 6: the library forgot the connection but left its socket open
    // A refused connection arrives with err = null, and the library's log line reads err.message: a TypeError.
    return originalConnError.call(this, err ?? new Error(`${serverName}: connection failed`), serverName, timer);
  };
  const originalConnect = ClientClass.prototype.getRegionConnection as (this: Connecting, ...args: unknown[]) => unknown;
  ClientClass.prototype.getRegionConnection = function getRegionConnection(this: Connecting, ...args: unknown[]) {
    if (this.labClosed) return undefined; // Fix 6: closed by HBaseClient.close(); its callers cannot take an error
    return originalConnect.apply(this, args);
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

  // Fix 3 (lookup): the library located a row's region with a closestRowBefore Get on hbase:meta, which
  // HBase 2 removed ("getClosestRowBefore removed in hbase-2.0.0"). It only worked when the table's regions were
  // already cached by its one-time meta scan. On a miss we redo that scan (a table created or split since then is
  // found), and only a table with no region in meta is reported missing.
  type Locate = (this: LocateInternals, table: Buffer, row: Buffer, useCache: boolean, cb: Cb) => void;
  const originalLocate = ClientClass.prototype.locateRegionInMeta as Locate;
  ClientClass.prototype.locateRegionInMeta = function locateRegionInMeta(this: LocateInternals, table, row, useCache, cb) {
    if (table.toString() === 'hbase:meta') return originalLocate.call(this, table, row, useCache, cb);
    const key = table.toString();
    const lookup = () => this.getCachedLocation(table, row);
    this.prefetchRegionCache(table, () => {
      const cached = useCache ? lookup() : null;
      if (cached) return cb(null, cached);
      delete this._prefetchRegionCacheList[key];
      delete this.cachedRegionLocations[key];
      this.prefetchRegionCache(table, () => {
        const fresh = lookup();
        if (fresh) return cb(null, fresh);
        return cb(`TableNotFoundException: table ${key} not found (it has no region in hbase:meta)`);
      });
    });
  } as Locate;

}
