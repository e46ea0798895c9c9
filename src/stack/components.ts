import type { ComponentName, ComponentVersions } from '../config';

/**
 * What each service runs, as Maven Central coordinates. Each component gets its own directory of jars:
 * Kafka, HBase and Flume pin different versions of the same libraries (Jackson, Netty, ZooKeeper), so
 * their classpaths must never be mixed.
 *
 * None of the artifacts carries a logging backend, so each gets log4j2 (the API they log through via
 * slf4j 1.7). Not used on purpose: `kafka-tools` 4.4.0 (a Jetty jar it needs is not on Maven Central) and
 * `hbase-shell` 2.6.x (not published) — tables are created through the Admin API instead.
 */
export interface Component {
  name: ComponentName;
  version: string;
  /** groupId:artifactId:version */
  artifacts: string[];
  /** The JVM entry point. */
  mainClass: string;
}

function log4j(v: ComponentVersions, extra: string[] = []): string[] {
  return [
    `org.apache.logging.log4j:log4j-core:${v.log4j}`,
    `org.apache.logging.log4j:log4j-slf4j-impl:${v.log4j}`,
    ...extra.map((a) => `org.apache.logging.log4j:${a}:${v.log4j}`),
  ];
}

export function components(v: ComponentVersions): Record<ComponentName, Component> {
  return {
    kafka: {
      name: 'kafka',
      version: v.kafka,
      artifacts: [`org.apache.kafka:kafka_2.13:${v.kafka}`, ...log4j(v)],
      mainClass: 'kafka.Kafka',
    },
    hbase: {
      name: 'hbase',
      version: v.hbase,
      artifacts: [
        `org.apache.hbase:hbase-server:${v.hbase}`,
        ...log4j(v, ['log4j-1.2-api']),
        // Hadoop logs through commons-logging and java.util.logging: route both into slf4j.
        `org.slf4j:jcl-over-slf4j:${v.slf4j}`,
        `org.slf4j:jul-to-slf4j:${v.slf4j}`,
      ],
      mainClass: 'org.apache.hadoop.hbase.master.HMaster',
    },
    flume: {
      name: 'flume',
      version: v.flume,
      artifacts: [
        `org.apache.flume:flume-ng-node:${v.flume}`,
        `org.apache.flume.flume-ng-sources:flume-taildir-source:${v.flume}`,
        // The Kafka sink for lesson 02's two-agent example; the lab's own agent writes through a Kafka channel.
        `org.apache.flume.flume-ng-sinks:flume-ng-kafka-sink:${v.flume}`,
        `org.apache.flume.flume-ng-channels:flume-kafka-channel:${v.flume}`,
        ...log4j(v),
      ],
      mainClass: 'org.apache.flume.node.Application',
    },
    // The Spark job (issue #18): Spark SQL with its Kafka source, and HBase's shaded client, which keeps HBase's
    // protobuf, netty and Hadoop classes away from Spark's own.
    spark: {
      name: 'spark',
      version: v.spark,
      artifacts: [
        `org.apache.spark:spark-sql_2.13:${v.spark}`,
        `org.apache.spark:spark-sql-kafka-0-10_2.13:${v.spark}`,
        `org.apache.hbase:hbase-shaded-client:${v.hbase}`,
      ],
      mainClass: 'clickstream.SparkClickJob',
    },
  };
}

/** A minimal POM whose dependencies are exactly the component's artifacts. */
export function componentPom(c: Component): string {
  const deps = c.artifacts
    .map((coord) => {
      const [g, a, ver] = coord.split(':');
      return `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${ver}</version></dependency>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by clickstream-lab to resolve ${c.name} ${c.version}'s runtime jars; not a build. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>clickstream-lab.runtime</groupId>
  <artifactId>${c.name}</artifactId>
  <version>${c.version}</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}
