import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { test } from 'node:test';
import { applyHBaseClientFixes, readVarintField, tolerateUnknownZooKeeperCodes } from './patch';
import { rawModule } from './raw';

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

test('reads more_results_in_region after a 64-bit scanner id and length-delimited results', () => {
  // The shape of an HBase 2 ScanResponse: scanner_id, more_results, results..., more_results_in_region, heartbeat.
  const msg = encode([
    [2, 0, 7731725849094783],
    [3, 0, 1],
    [5, 2, Buffer.alloc(300, 7)],
    [5, 2, Buffer.alloc(5, 0x80)],
    [8, 0, 0],
    [9, 0, 1],
  ]);
  assert.equal(readVarintField(msg, 8), 0);
  assert.equal(readVarintField(msg, 9), 1);
  assert.equal(readVarintField(msg, 3), 1);
  assert.equal(readVarintField(msg, 4), undefined, 'absent field');
});

test('a truncated or garbled message gives undefined, never a throw', () => {
  const msg = encode([[2, 0, 2 ** 40], [5, 2, Buffer.alloc(20)], [8, 0, 1]]);
  for (let cut = 0; cut < msg.length; cut++) {
    const r = readVarintField(msg.subarray(0, cut), 8);
    assert.ok(r === undefined || r === 1);
  }
  assert.equal(readVarintField(Buffer.from([0x47]), 8), undefined, 'wire type 7 does not exist');
});

test('an unknown ZooKeeper error code becomes a connection loss, not an uncaught throw', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zkException = require('node-zookeeper-client/lib/Exception') as { create: (c: number) => Error & { code?: number } };
  assert.throws(() => zkException.create(-250740736), /Unknown code/, 'the library as shipped throws');
  tolerateUnknownZooKeeperCodes();
  const err = zkException.create(-250740736);
  assert.match(String(err), /CONNECTION_LOSS/);
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
  zk: { close(): void };
  getRegionConnection(host: string, port: number, cb: (err: unknown, server?: unknown) => void): void;
  _handleConnectionError(err: unknown, serverName: string, timer: unknown): void;
};

/** A raw client whose ZooKeeper is nowhere: only its regionserver connections are exercised. */
function rawClient(): ConnectingClient {
  applyHBaseClientFixes();
  const raw = rawModule({ zookeeperHosts: ['127.0.0.1:9'], rpcTimeout: 1000 }) as unknown as ConnectingClient;
  raw.on('error', () => undefined); // "Failed to connect to zookeeper": expected, there is none
  return raw;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
