package clickstream;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the Spark job is told, as `key=value` arguments (so that `spark-submit … app.jar key=value …` on a cluster
 * passes the same ones as `lab spark start` does here). Serializable: the executors' tasks carry it.
 */
public final class JobSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  public final String master;
  public final String kafka;
  public final String topic;
  /** When set, a regular expression of topics to read instead of `topic` (new ones are picked up as they appear). */
  public final String topicPattern;
  public final String zookeeperHost;
  public final String zookeeperPort;
  public final String courseTable;
  public final String searchTable;
  public final String statsTable;
  public final String checkpoint;
  public final long triggerMs;
  public final long maxOffsetsPerTrigger;
  public final Set<String> engines;

  private JobSettings(Map<String, String> a) {
    master = a.getOrDefault("master", "");
    kafka = required(a, "kafka");
    topic = a.getOrDefault("topic", "access-log");
    topicPattern = a.getOrDefault("topicPattern", "");
    String[] zk = required(a, "zookeeper").split(":");
    zookeeperHost = zk[0];
    zookeeperPort = zk.length > 1 ? zk[1] : "2181";
    courseTable = a.getOrDefault("courseTable", "course_clickcount_spark");
    searchTable = a.getOrDefault("searchTable", "course_search_clickcount_spark");
    statsTable = a.getOrDefault("statsTable", "spark_job_stats");
    checkpoint = required(a, "checkpoint");
    triggerMs = Long.parseLong(a.getOrDefault("triggerMs", "1000"));
    maxOffsetsPerTrigger = Long.parseLong(a.getOrDefault("maxOffsetsPerTrigger", "2000000"));
    engines = new HashSet<>(Arrays.asList(required(a, "engines").split(",")));
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isEmpty()) throw new IllegalArgumentException("missing setting " + key + "=…");
    return v;
  }

  public static JobSettings parse(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("expected key=value, got " + arg);
      // lab-marker=… only marks the process as the lab's (`lab spark stop` recognises it by its command line).
      if (!arg.startsWith("lab-marker=")) a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return new JobSettings(a);
  }
}
