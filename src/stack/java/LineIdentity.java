import java.util.List;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.interceptor.Interceptor;

/**
 * Gives every line a name that stays the same however often it is shipped: `<file>@<byte offset>`, in the event
 * header `key`, which Flume's Kafka channel makes the Kafka record key. TAILDIR supplies the two parts as
 * separate headers (`file`, `byteoffset`) and the Kafka channel forwards only `key`; no interceptor Flume ships
 * joins two headers into one, hence this one.
 *
 * After a crash TAILDIR reads again from its last saved position, so some lines reach Kafka twice, under new
 * offsets but with the same key: the streaming job counts a key once (src/stream/line-identity.ts). The key
 * also picks the partition (murmur2), so a line and its re-sends always land in the same one.
 */
public class LineIdentity implements Interceptor {
  static final String FILE = "file";
  static final String OFFSET = "byteoffset";
  static final String KEY = "key";
  /**
   * Longest line shipped whole. Kafka refuses a record over its size limit, and Flume would then retry that
   * transaction forever, so a longer line is cut here (the job dead-letters the cut line as malformed).
   * The broker and producer limits are 8 MiB (server.properties, flume.conf): a cut line and its key fit.
   */
  static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

  @Override
  public void initialize() {}

  @Override
  public Event intercept(Event event) {
    Map<String, String> headers = event.getHeaders();
    String file = headers.remove(FILE);
    String offset = headers.remove(OFFSET);
    if (file != null && offset != null) headers.put(KEY, file + "@" + offset);
    byte[] body = event.getBody();
    if (body != null && body.length > MAX_LINE_BYTES) event.setBody(java.util.Arrays.copyOf(body, MAX_LINE_BYTES));
    return event;
  }

  @Override
  public List<Event> intercept(List<Event> events) {
    for (Event e : events) intercept(e);
    return events;
  }

  @Override
  public void close() {}

  /** Flume builds interceptors through a Builder named in the config: `LineIdentity$Builder`. */
  public static class Builder implements Interceptor.Builder {
    @Override
    public Interceptor build() {
      return new LineIdentity();
    }

    @Override
    public void configure(Context context) {}
  }
}
