package clickstream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import scala.Tuple2;

/**
 * One Spark partition's lines → counts per destination row, before the shuffle that adds them up across partitions:
 * course rows, search rows, and the job's own counters (lines, malformed lines by reason). A key is
 * `<table code>|<row key>`: c = course table, s = search table, j = the job's stats table.
 */
public final class BatchRows {
  private BatchRows() {}

  public static final char COURSE = 'c';
  public static final char SEARCH = 's';
  public static final char STATS = 'j';

  public static Iterator<Tuple2<String, Long>> count(Iterator<String> lines, Set<String> engines) {
    Map<String, Long> counts = new HashMap<>();
    long total = 0;
    while (lines.hasNext()) {
      total++;
      LineRules.Verdict v = LineRules.decide(lines.next(), engines);
      if (v.isMalformed()) counts.merge(STATS + "|malformed_" + v.malformedReason, 1L, Long::sum);
      else if (v.isCourse()) {
        counts.merge(COURSE + "|" + v.courseRow, 1L, Long::sum);
        if (v.searchRow != null) counts.merge(SEARCH + "|" + v.searchRow, 1L, Long::sum);
      }
    }
    if (total > 0) counts.merge(STATS + "|lines", total, Long::sum);
    List<Tuple2<String, Long>> out = new ArrayList<>(counts.size());
    for (Map.Entry<String, Long> e : counts.entrySet()) out.add(new Tuple2<>(e.getKey(), e.getValue()));
    return out.iterator();
  }
}
