import type { JvmServiceName, ServiceName } from '../../config';
import { flumeService } from './flume';
import { hbaseService } from './hbase';
import { kafkaService } from './kafka';
import { mariadbService } from './mariadb';
import type { JvmServiceDefinition, ServiceDefinition } from './types';

export const JVM_SERVICES: Record<JvmServiceName, JvmServiceDefinition> = {
  kafka: kafkaService,
  hbase: hbaseService,
  flume: flumeService,
};

export const SERVICES: Record<ServiceName, ServiceDefinition> = { ...JVM_SERVICES, mariadb: mariadbService };

export type { JvmServiceDefinition, NativeServiceContext, NativeServiceDefinition, ServiceDefinition, ServiceContext, ServicePort } from './types';
export { fetchFlumeMetrics, fetchFlumeMetricsAt, parseProperties, type FlumeMetrics } from './flume';
export { createTables, labTables } from './hbase';
