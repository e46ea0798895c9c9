/**
 * The fixes of patches/hbase-rpc-client+0.1.15.patch and patches/node-zookeeper-client+0.2.3.patch, as npm
 * installed them, without HBase: the library's own code with stand-ins for the servers. The integration tests
 * (test/integration/hbase.test.ts) run them against HBase 2.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { requireHBaseRpcClient } from './library';
import { rawModule } from './raw';
import { sleep } from '../util/wait';

/** Encodes a protobuf message from [field, wireType, value] triples (varint and length-delimited only). */
function encode(fields: [number, 0 | 2, number | Buffer][]): Buffer {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    let v = n;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    return out;
  };
  const bytes: number[] = [];
  for (const [field, wire, value] of fields) {
    bytes.push(...varint(field * 8 + wire));
    if (wire === 0) bytes.push(...varint(value as number));
    else bytes.push(...varint((value as Buffer).length), ...(value as Buffer));
  }
  return Buffer.from(bytes);
}

interface ScanResponse {
  scannerId: { toString(): string };
  moreResults: boolean | null;
  moreResultsInRegion: boolean | null;
  ttl: number | null;
  results: unknown[];
}

/** The ScanResponse class the library's connection decodes responses with (the same patched Client.proto). */
function scanResponseClass(): { decode(b: Buffer): ScanResponse } {
  requireHBaseRpcClient(); // checked and loaded first: it sets the protobufjs options its .proto files need
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ProtoBuf = require('protobufjs') as { loadProtoFile(f: string): { build(): Record<string, never> } };
  const file = path.join(path.dirname(require.resolve('hbase-rpc-client/package.json')), 'proto', 'Client.proto');
  return ProtoBuf.loadProtoFile(file).build().ScanResponse as never;
}

/** An HBase 2 ScanResponse: scanner_id, more_results, `rows` results, more_results_in_region, heartbeat. */
function hbase2ScanResponse(rows: number, moreInRegion: 0 | 1 | undefined, ttl?: number): ScanResponse {
  const fields: [number, 0 | 2, number | Buffer][] = [[2, 0, 7731725849094783], [3, 0, 1]];
  if (ttl !== undefined) fields.push([4, 0, ttl]);
  for (let i = 0; i < rows; i++) fields.push([5, 2, encode([[4, 0, 0]])]); // a Result (its `exists` field only)
  if (moreInRegion !== undefined) fields.push([8, 0, moreInRegion]);
  fields.push([9, 0, 0]);
  return scanResponseClass().decode(encode(fields));
}

test('the library reads more_results_in_region of an HBase 2 scan response (after a 64-bit id and results)', () => {
  const exhausted = hbase2ScanResponse(3, 0);
  assert.equal(exhausted.moreResultsInRegion, false);
  assert.equal(exhausted.moreResults, true);
  assert.equal(exhausted.scannerId.toString(), '7731725849094783');
  assert.equal(exhausted.results.length, 3);
  assert.equal(hbase2ScanResponse(1, 1).moreResultsInRegion, true);
  assert.equal(hbase2ScanResponse(1, undefined).moreResultsInRegion, null, 'absent: the scanner falls back to the count');
});

interface Location {
  name: Buffer;
  startKey: Buffer;
  endKey: Buffer;
}
interface ScanInternals {
  numCached: number;
  location: Location | null;
  server: unknown;
  scannerId: unknown;
  nextStartRow: Buffer | string | null;
  cached: unknown[];
  closed: boolean;
  timeout: NodeJS.Timeout | null;
  _processResponse(response: ScanResponse, cb: (err?: unknown) => void): void;
  closeScan(server: unknown, location: Location | null, scannerId: unknown): void;
  _getData(startRow: unknown, cb: (err?: unknown) => void): void;
}

/** A scanner of table t standing in region [startKey, endKey), with the RPCs it would send recorded instead. */
function scannerIn(startKey: string, endKey: string, numCached: number) {
  const { Scan } = rawModule as unknown as { Scan: new (t: string, start?: string, stop?: string, client?: unknown) => ScanInternals };
  let parsed = 0;
  const scan = new Scan('t', startKey || undefined, undefined, { _parseResponse: () => ({ row: Buffer.from(`row${parsed++}`) }) });
  scan.numCached = numCached;
  scan.server = {};
  scan.location = { name: Buffer.from(`t,${startKey},1.abc.`), startKey: Buffer.from(startKey), endKey: Buffer.from(endKey) };
  const closeScans: Location[] = [];
  const fetches: unknown[] = [];
  scan.closeScan = (_server, location) => void closeScans.push(location as Location);
  scan._getData = (startRow, cb) => {
    fetches.push(startRow);
    cb(null);
  };
  const respond = (response: ScanResponse) => {
    let answered = false;
    scan._processResponse(response, (err) => {
      assert.equal(err, null);
      answered = true;
    });
    assert.ok(answered);
    if (scan.timeout) clearTimeout(scan.timeout);
  };
  return { scan, closeScans, fetches, respond };
}

test('a full batch that ends its region moves on to the next region, starting exactly at the region boundary', () => {
  const s = scannerIn('a', 'm', 3);
  s.respond(hbase2ScanResponse(3, 0)); // the library as shipped took a full batch for "more in this region"
  assert.equal(s.scan.cached.length, 3, 'the rows are handed out');
  assert.deepEqual(s.scan.nextStartRow, Buffer.from('m'), 'not "n": rows equal to the boundary were skipped');
  assert.equal(s.scan.location, null);
  assert.equal(s.closeScans.length, 1, 'the region scanner is released');
  assert.equal(s.scan.closed, false);
});

test('an empty batch at a region end asks the next region at once; without the flag a short batch ends it', () => {
  const empty = scannerIn('a', 'm', 3);
  empty.respond(hbase2ScanResponse(0, 0));
  assert.deepEqual(empty.fetches, [Buffer.from('m')]);
  const older = scannerIn('a', 'm', 3); // a server that does not send more_results_in_region
  older.respond(hbase2ScanResponse(2, undefined));
  assert.deepEqual(older.scan.nextStartRow, Buffer.from('m'));
  const more = scannerIn('a', 'm', 3);
  more.respond(hbase2ScanResponse(2, 1)); // a short batch, but the region says it has more
  assert.equal(more.scan.nextStartRow, null);
  assert.equal(more.closeScans.length, 0);
});

test('the last region exhausted: the scanner is released at once and ends after the rows it holds', () => {
  const s = scannerIn('m', '', 3);
  s.respond(hbase2ScanResponse(2, 0));
  assert.equal(s.scan.cached.length, 2);
  assert.equal(s.closeScans.length, 1);
  assert.equal(s.scan.closed, true);
});

test('a response without ttl (HBase 2) does not close the scanner at once, and its lease timer keeps Node alive no longer', async () => {
  const s = scannerIn('a', 'm', 3);
  s.scan._processResponse(hbase2ScanResponse(3, 1), () => undefined);
  const timer = s.scan.timeout as NodeJS.Timeout;
  try {
    await sleep(30);
    assert.equal(s.scan.closed, false, 'setTimeout(close, undefined) fired at once');
    assert.equal(timer.hasRef(), false);
  } finally {
    clearTimeout(timer);
  }
});

test('an unknown ZooKeeper error code becomes a connection loss, not an uncaught throw', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zkException = require('node-zookeeper-client/lib/Exception') as { create: (c: unknown, path?: string) => Error & { code?: number } };
  assert.match(String(zkException.create(-250740736)), /CONNECTION_LOSS/, 'the library as shipped throws "Unknown code"');
  assert.match(String(zkException.create('garbage', '/hbase')), /CONNECTION_LOSS\[-4\]@\/hbase/);
  assert.match(String(zkException.create(-101)), /NO_NODE/, 'known codes are unchanged');
});

/** A TCP server standing in for a regionserver: counts the connections it accepted and those still open. */
async function fakeRegionServer() {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.resume(); // read, so that the other side's close is seen
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    accepted: () => accepted,
    open: () => sockets.size,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type ConnectingClient = {
  on(event: 'error', listener: (err: unknown) => void): void;
  labClosed?: boolean;
  servers: Record<string, unknown>;
  zk: { close(): void; watch(...args: unknown[]): void; unWatch(...args: unknown[]): void };
  cachedRegionLocations: Record<string, Record<string, Location>>;
  _prefetchRegionCacheList: Record<string, boolean>;
  getRegionConnection(host: string, port: number, cb: (err: unknown, server?: unknown) => void): void;
  _handleConnectionError(err: unknown, serverName: string, timer: unknown): void;
  _zkWatch(): void;
  _parseRegionInfo(res: unknown): { name: Buffer; server?: Buffer };
  cacheLocation(table: string | Buffer, region: Location): void;
  prefetchRegionCache(table: Buffer, cb: () => void): void;
  locateRegionInMeta(table: Buffer, row: Buffer, useCache: boolean, cb: (err: unknown, location?: Location) => void): void;
};

/** A raw client whose ZooKeeper is nowhere: only its regionserver connections and region cache are exercised. */
function rawClient(): ConnectingClient {
  const raw = rawModule({ zookeeperHosts: ['127.0.0.1:9'], rpcTimeout: 1000 }) as unknown as ConnectingClient;
  raw.on('error', () => undefined); // "Failed to connect to zookeeper": expected, there is none
  return raw;
}


/** As HBaseClient.close() does: ZooKeeper's client throws when closed before it ever connected. */
function closeZooKeeper(raw: ConnectingClient): void {
  raw.labClosed = true;
  try {
    raw.zk.close();
  } catch {
    /* never connected */
  }
}

test('a regionserver connection given up on (connect timeout) is closed, not left open to keep Node alive', async () => {
  const rs = await fakeRegionServer();
  const raw = rawClient();
  try {
    await new Promise((resolve) => raw.getRegionConnection('127.0.0.1', rs.port, resolve));
    for (let i = 0; i < 50 && rs.open() === 0; i++) await sleep(20);
    assert.equal(rs.open(), 1);
    // What the library's connect timer does when a connection is slow to come up:
    raw._handleConnectionError(`127.0.0.1:${rs.port} connect timeout, 1000 ms`, `127.0.0.1:${rs.port}`, null);
    for (let i = 0; i < 50 && rs.open() > 0; i++) await sleep(20);
    assert.equal(rs.open(), 0, 'the forgotten connection is still open');
    assert.deepEqual(Object.keys(raw.servers), []);
  } finally {
    closeZooKeeper(raw);
    await rs.close();
  }
});

test('a refused regionserver connection is forgotten without a TypeError from the library log line', () => {
  const raw = rawClient();
  try {
    raw.servers['127.0.0.1:1'] = new EventEmitter(); // a connection whose connect was refused
    assert.doesNotThrow(() => raw._handleConnectionError(null, '127.0.0.1:1', null)); // as its connectError handler calls it
    assert.deepEqual(Object.keys(raw.servers), []);
  } finally {
    closeZooKeeper(raw);
  }
});

test('a closed client opens no new regionserver connection', async () => {
  const rs = await fakeRegionServer();
  const raw = rawClient();
  try {
    raw.labClosed = true; // what HBaseClient.close() sets
    let answered = false;
    raw.getRegionConnection('127.0.0.1', rs.port, () => (answered = true));
    await sleep(300);
    assert.equal(rs.accepted(), 0);
    assert.equal(answered, false);
  } finally {
    closeZooKeeper(raw);
    await rs.close();
  }
});

const region = (table: string, startKey: string, endKey: string): Location => ({
  name: Buffer.from(`${table},${startKey},1.abc.`),
  startKey: Buffer.from(startKey),
  endKey: Buffer.from(endKey),
});

test('the region cache of a table keeps no region of another table whose name starts the same', () => {
  const raw = rawClient();
  try {
    raw.cacheLocation('clicks', region('clicks_salted', '', ''));
    assert.equal(raw.cachedRegionLocations.clicks, undefined);
    raw.cacheLocation('clicks', region('clicks', '', ''));
    assert.deepEqual(Object.keys(raw.cachedRegionLocations.clicks ?? {}), ['clicks,,1.abc.']);
  } finally {
    closeZooKeeper(raw);
  }
});

test('a meta row without region info stands for no region instead of throwing', () => {
  const raw = rawClient();
  try {
    assert.equal(raw._parseRegionInfo({}).name.length, 0);
    assert.equal(raw._parseRegionInfo({ row: Buffer.from('x,,1.abc.'), cols: {} }).name.length, 0, 'the library as shipped threw a TypeError');
  } finally {
    closeZooKeeper(raw);
  }
});

test('a region not in the cache is looked up by scanning hbase:meta again; a table without regions is not found', async () => {
  const raw = rawClient();
  try {
    const metaScans: string[] = [];
    // hbase:meta as it is now: `clicks` got a region after the client's first look; `gone` has none.
    raw.prefetchRegionCache = (table, cb) => {
      metaScans.push(table.toString());
      if (raw._prefetchRegionCacheList[table.toString()]) return cb();
      if (table.toString() === 'clicks' && metaScans.length > 1) raw.cacheLocation(table, region('clicks', '', ''));
      raw._prefetchRegionCacheList[table.toString()] = true;
      cb();
    };
    const locate = (table: string) =>
      new Promise<{ err: unknown; location?: Location }>((resolve) =>
        raw.locateRegionInMeta(Buffer.from(table), Buffer.from('row1'), true, (err, location) => resolve({ err, location })),
      );
    const found = await locate('clicks');
    assert.equal(found.err, null);
    assert.equal(found.location?.name.toString(), 'clicks,,1.abc.');
    assert.deepEqual(metaScans, ['clicks', 'clicks'], 'the library as shipped asked HBase 2 for closestRowBefore, which it no longer serves');
    const missing = await locate('gone');
    assert.match(String(missing.err), /TableNotFoundException: table gone not found/);
  } finally {
    closeZooKeeper(raw);
  }
});

test('a closed client no longer re-arms its ZooKeeper watch', () => {
  const raw = rawClient();
  try {
    let watches = 0;
    raw.zk.watch = () => void watches++;
    raw.zk.unWatch = () => undefined;
    raw._zkWatch();
    assert.equal(watches, 1);
    raw.labClosed = true; // what HBaseClient.close() sets
    raw._zkWatch(); // what the library's retry timer calls every 200 ms while hbase:meta has no location yet
    assert.equal(watches, 1);
  } finally {
    closeZooKeeper(raw);
  }
});
