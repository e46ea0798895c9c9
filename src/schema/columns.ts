/**
 * The columns of the course's two counter tables (`course_clickcount`, `course_search_clickcount`; their names
 * are settings: config's `tables`). Every row is one counter: its total, plus, per Kafka partition that fed it,
 * the offset of the next line of that partition not yet counted (how the exactly-once sink skips a replay:
 * stream/sinks/hbase-exactly-once.ts).
 */

/** The total clicks of the row's (day, course) or (day, engine, course): an 8-byte big-endian long. */
export const COUNT_COLUMN = 'info:click_count';

/**
 * Topic T partition N's next offset to count, per row (an 8-byte long; absent = 0). The topic is part of the
 * name: two topics feeding one table have partitions with the same numbers and unrelated offsets.
 */
export const offsetColumn = (topic: string, partition: number) => `info:next_offset_${topic}_p${partition}`;
