export { HBaseClient, readCounter, type HRow, type CellValue, type ScanOptions, type HBaseClientOptions } from './client';
export { encodeLong, decodeLong, longToNumber, prefixStop } from './bytes';
