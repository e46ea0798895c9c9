import { requireHBaseRpcClient } from './library';

/**
 * Typed access to hbase-rpc-client (CoffeeScript, untyped), as patched by patches/hbase-rpc-client+0.1.15.patch
 * and checked by ./library. Only this folder touches it; everything else uses ./client. Its callbacks receive
 * strings or protobuf objects as errors — see errors.describe().
 */
type Callback<T> = (err: unknown, result: T) => void;

export interface RawCell {
  value: Buffer;
  timestamp: unknown;
}
export interface RawRow {
  row?: Buffer;
  cols: Record<string, RawCell>;
}
export interface MutateResponse {
  result?: unknown;
  processed?: boolean;
}

export interface RawPut {
  add(family: string, qualifier: string, value: string | Buffer): void;
}
export interface RawGet {
  addColumn(family: string, qualifier?: string): RawGet;
}
export interface RawIncrement {
  add(family: string, qualifier: string, value: number | string): void;
}
export interface RawScan {
  numCached: number;
  next(cb: Callback<RawRow | Record<string, never>>): void;
  close(): void;
}

export interface RawClient {
  on(event: 'error', listener: (err: unknown) => void): void;
  once(event: 'ready' | 'error', listener: (arg?: unknown) => void): void;
  removeListener(event: string, listener: (...args: unknown[]) => void): void;
  zk: { close(): void };
  /** Set by HBaseClient.close(): the patched library then opens no connection and re-arms no ZooKeeper watch. */
  labClosed?: boolean;
  servers: Record<string, { socket?: { destroy(): void } }>;
  get(table: string, get: RawGet, cb: Callback<RawRow | null>): void;
  put(table: string, put: RawPut, cb: Callback<unknown>): void;
  delete(table: string, del: unknown, cb: Callback<unknown>): void;
  mput(table: string, puts: RawPut[], cb: Callback<unknown[]>): void;
  mget(table: string, rows: string[], columns: string[], cb: Callback<unknown[]>): void;
  increment(table: string, inc: RawIncrement, cb: Callback<MutateResponse>): void;
  checkAndPut(table: string, row: string, family: string, qualifier: string, value: Buffer, mutation: RawPut | RawIncrement, cb: Callback<MutateResponse>): void;
  getScanner(table: string, startRow?: string | Buffer, stopRow?: string | Buffer): RawScan;
  _parseResponse(result: unknown): RawRow | null;
}

export interface RawModule {
  (options: {
    zookeeperHosts: string[];
    zookeeperRoot?: string;
    rpcTimeout?: number;
    callTimeout?: number;
    tcpNoDelay?: boolean;
    maxActionRetries?: number;
  }): RawClient;
  Put: new (row: string) => RawPut;
  Get: new (row: string) => RawGet;
  Delete: new (row: string) => unknown;
  Increment: new (row: string) => RawIncrement;
  /** The revision of the lab's patch in this copy (checked by ./library before the library loads). */
  clickstreamLabPatch: number;
}

export const rawModule = requireHBaseRpcClient() as RawModule;
