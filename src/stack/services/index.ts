import type { ServiceName } from '../../config';
import { flumeService } from './flume';
import { hbaseService } from './hbase';
import { kafkaService } from './kafka';
import type { ServiceDefinition } from './types';

export const SERVICES: Record<ServiceName, ServiceDefinition> = {
  kafka: kafkaService,
  hbase: hbaseService,
  flume: flumeService,
};

export type { ServiceDefinition, ServiceContext, ServicePort } from './types';
export { fetchFlumeMetrics, fetchFlumeMetricsAt, parseProperties, type FlumeMetrics } from './flume';
export { createTables, labTables } from './hbase';
