package clickstream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.CheckAndMutateResult;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import scala.Tuple2;

/**
 * Writes one micro-batch's added-up counts into HBase, exactly once: Spark's checkpoint fixes each batch's Kafka
 * offsets before the batch runs, so a batch run again after a crash has the same id and the same counts. Every row
 * remembers the last batch id it took (`info:spark_batch`), written together with its new count in one Put that
 * is conditional on the batch id read just before (compare-and-set). A row the crashed run already wrote is
 * skipped on the rerun; a row it had not reached is written. One connection per executor (connectionFor): on a
 * cluster each executor writes the rows of its own partitions.
 */
public final class HBaseBatchWriter {
  private HBaseBatchWriter() {}

  static final byte[] FAMILY = Bytes.toBytes("info");
  static final byte[] COUNT = Bytes.toBytes("click_count");
  static final byte[] BATCH = Bytes.toBytes("spark_batch");

  public static void write(JobSettings s, long batchId, Iterator<Tuple2<String, Long>> rows) throws IOException {
    Map<Character, List<Tuple2<byte[], Long>>> byTable = new HashMap<>();
    while (rows.hasNext()) {
      Tuple2<String, Long> r = rows.next();
      byTable.computeIfAbsent(r._1().charAt(0), k -> new ArrayList<>()).add(new Tuple2<>(Bytes.toBytes(r._1().substring(2)), r._2()));
    }
    if (byTable.isEmpty()) return;
    Connection connection = connectionFor(s);
    for (Map.Entry<Character, List<Tuple2<byte[], Long>>> e : byTable.entrySet()) {
      try (Table table = connection.getTable(TableName.valueOf(tableOf(s, e.getKey())))) {
        writeOnce(table, batchId, e.getValue());
      }
    }
  }

  private static Connection shared;

  /**
   * One HBase connection per executor JVM, made by its first task and kept for the tasks of every later batch.
   * A connection is heavy (ZooKeeper session, region locations, RPC threads) and thread-safe: made per task, it took most of a small
   * micro-batch's time. It closes when the JVM exits.
   */
  static synchronized Connection connectionFor(JobSettings s) throws IOException {
    if (shared == null || shared.isClosed()) {
      Configuration conf = HBaseConfiguration.create();
      conf.set("hbase.zookeeper.quorum", s.zookeeperHost);
      conf.set("hbase.zookeeper.property.clientPort", s.zookeeperPort);
      shared = ConnectionFactory.createConnection(conf);
    }
    return shared;
  }

  static String tableOf(JobSettings s, char code) {
    if (code == BatchRows.COURSE) return s.courseTable;
    if (code == BatchRows.SEARCH) return s.searchTable;
    return s.statsTable;
  }

  /**
   * Reads each row's count and batch id, then writes count + n with this batch's id, on the condition that the
   * row's batch id is still the one read (or still absent): a compare-and-set per row. A row whose stored batch id is
   * this batch's or newer was written by an earlier run of this batch and is skipped. (Not an Increment inside a
   * conditional RowMutations: HBase 2.6.4's regionserver crashed on a large batch of those.)
   */
  static void writeOnce(Table table, long batchId, List<Tuple2<byte[], Long>> rows) throws IOException {
    List<Get> gets = new ArrayList<>(rows.size());
    for (Tuple2<byte[], Long> r : rows) gets.add(new Get(r._1()).addColumn(FAMILY, COUNT).addColumn(FAMILY, BATCH));
    Result[] current = table.get(gets);
    List<CheckAndMutate> writes = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Tuple2<byte[], Long> r = rows.get(i);
      byte[] storedBatch = current[i].getValue(FAMILY, BATCH);
      if (storedBatch != null && Bytes.toLong(storedBatch) >= batchId) continue; // this batch already counted here
      byte[] storedCount = current[i].getValue(FAMILY, COUNT);
      long count = (storedCount == null ? 0 : Bytes.toLong(storedCount)) + r._2();
      Put put = new Put(r._1()).addColumn(FAMILY, COUNT, Bytes.toBytes(count)).addColumn(FAMILY, BATCH, Bytes.toBytes(batchId));
      CheckAndMutate.Builder cas = CheckAndMutate.newBuilder(r._1());
      writes.add(storedBatch == null ? cas.ifNotExists(FAMILY, BATCH).build(put) : cas.ifEquals(FAMILY, BATCH, storedBatch).build(put));
    }
    if (writes.isEmpty()) return;
    List<CheckAndMutateResult> results = table.checkAndMutate(writes);
    for (CheckAndMutateResult result : results) {
      // Only this task writes these rows in this batch: a failed compare means another writer, which must not be.
      if (!result.isSuccess()) throw new IOException("a row changed between its read and its write: is a second Spark job writing these tables?");
    }
  }

}
