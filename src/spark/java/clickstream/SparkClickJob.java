package clickstream;

import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The lab's streaming job on Spark Structured Streaming (issue #18): `access-log` from Kafka → the same counting
 * rules as the TypeScript job (LineRules, held equal by data/line-verdicts.tsv) → HBase tables of its own, exactly
 * once (HBaseBatchWriter). Malformed lines are counted in the stats table, not dead-lettered: the lab's own job
 * does that, once.
 *
 *   java … clickstream.SparkClickJob master=local[2] kafka=127.0.0.1:9092 zookeeper=127.0.0.1:2181 \
 *     checkpoint=<dir> engines=www.baidu.com,… [topic=access-log | topicPattern=<regex>] [triggerMs=1000] [courseTable=…] …
 */
public final class SparkClickJob {
  private SparkClickJob() {}

  public static void main(String[] args) throws Exception {
    JobSettings s = JobSettings.parse(args);
    SparkSession.Builder builder = SparkSession.builder().appName("clickstream-spark")
        // Few cores, small batches: no UI, and as many shuffle partitions as the machine has task slots.
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2");
    if (!s.master.isEmpty()) builder.master(s.master); // spark-submit sets it on a cluster
    SparkSession spark = builder.getOrCreate();
    // Spark logs every batch's progress at INFO, hundreds of lines each; BatchLog writes one.
    spark.sparkContext().setLogLevel("WARN");
    spark.streams().addListener(new BatchLog());
    Dataset<String> lines = spark.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", s.kafka)
        .option(s.topicPattern.isEmpty() ? "subscribe" : "subscribePattern", s.topicPattern.isEmpty() ? s.topic : s.topicPattern)
        .option("startingOffsets", "earliest")
        // As the lab's job (kafkajs's default): lines of a Kafka transaction are read once it commits, never if it aborts.
        .option("kafka.isolation.level", "read_committed")
        .option("maxOffsetsPerTrigger", s.maxOffsetsPerTrigger)
        .load()
        .selectExpr("CAST(value AS STRING)")
        .as(Encoders.STRING());
    StreamingQuery query = lines.writeStream()
        .queryName("clickstream-spark")
        .option("checkpointLocation", s.checkpoint)
        .trigger(Trigger.ProcessingTime(s.triggerMs, TimeUnit.MILLISECONDS))
        .foreachBatch((VoidFunction2<Dataset<String>, Long>) (batch, batchId) -> writeBatch(s, batch, batchId))
        .start();
    System.out.println("clickstream-spark: reading " + (s.topicPattern.isEmpty() ? s.topic : "/" + s.topicPattern + "/") + " from " + s.kafka + ", checkpoint " + s.checkpoint);
    query.awaitTermination();
  }

  /** Count per partition, add up per row across partitions (a shuffle), write each row once per batch. */
  static void writeBatch(JobSettings s, Dataset<String> batch, long batchId) {
    JavaPairRDD<String, Long> rows = batch.javaRDD().mapPartitionsToPair(lines -> BatchRows.count(lines, s.engines)).reduceByKey(Long::sum);
    rows.foreachPartition(part -> HBaseBatchWriter.write(s, batchId, part));
  }
}
