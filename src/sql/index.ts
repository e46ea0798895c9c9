export { applyBatchOnce, isRetriableConflict, PositionMovedError, type SqlBatch } from './exactly-once';
export { readPosition, type StoredPosition } from './positions';
export { connectSql, connectSqlRoot, JOB_SESSION, provisionSqlStore, provisionStatements, sqlEndpointFor, sqlPool, type SqlEndpoint } from './provision';
