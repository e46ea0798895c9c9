/**
 * The relational store's schema (issue #17): the same two totals as the HBase tables, as rows with a primary key
 * instead of a row key, and the consumer positions the SQL job moves in the same transaction as the counts.
 * What the HBase row key `yyyyMMdd_courseId` packs into one sorted string is two columns here, and the order of
 * the primary key plays the row key's part: (day, course) makes "a day" one index range.
 */
export const SQL_TABLES = {
  course: 'course_clickcount',
  search: 'course_search_clickcount',
  positions: 'kafka_positions',
} as const;

/** CREATE TABLE statements, in creation order; each may run again (IF NOT EXISTS). */
export const SQL_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${SQL_TABLES.course} (
    day CHAR(8) NOT NULL,
    course_id BIGINT NOT NULL,
    clicks BIGINT NOT NULL,
    PRIMARY KEY (day, course_id)
  ) ENGINE=InnoDB`,
  // The second access path: one course over many days (lesson 09). HBase would need a second table for it.
  `CREATE INDEX IF NOT EXISTS by_course ON ${SQL_TABLES.course} (course_id, day)`,
  `CREATE TABLE IF NOT EXISTS ${SQL_TABLES.search} (
    day CHAR(8) NOT NULL,
    engine VARCHAR(253) NOT NULL,
    course_id BIGINT NOT NULL,
    clicks BIGINT NOT NULL,
    PRIMARY KEY (day, engine, course_id)
  ) ENGINE=InnoDB`,
  // Per input partition, the next offset to read and the Flume file positions there (file-positions.ts): what
  // the HBase job keeps in Kafka's consumer-group commit, kept here beside the counts it belongs to.
  `CREATE TABLE IF NOT EXISTS ${SQL_TABLES.positions} (
    topic VARCHAR(249) NOT NULL,
    partition_id INT NOT NULL,
    next_offset BIGINT NOT NULL,
    file_positions MEDIUMTEXT NULL,
    PRIMARY KEY (topic, partition_id)
  ) ENGINE=InnoDB`,
];
