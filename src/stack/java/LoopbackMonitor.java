import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.instrumentation.MonitorService;
import org.apache.flume.instrumentation.util.JMXPollUtil;

/**
 * Flume's own HTTP monitor binds every interface and cannot be told otherwise; this one serves the same
 * JSON (GET /metrics: {"SOURCE.r1": {...}, "CHANNEL.c1": {...}, "SINK.k1": {...}}) on one address only.
 * Flume loads it from -Dflume.monitoring.type=LoopbackMonitor with flume.monitoring.host/port.
 */
public class LoopbackMonitor implements MonitorService {
  private String host = "127.0.0.1";
  private int port = 41414;
  private HttpServer server;

  @Override
  public void configure(Context context) {
    host = context.getString("host", host);
    port = context.getInteger("port", port);
  }

  @Override
  public void start() {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the metrics server to " + host + ":" + port, e);
    }
    server.createContext("/metrics", exchange -> {
      byte[] body = toJson(JMXPollUtil.getAllMBeans()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @Override
  public void stop() {
    if (server != null) server.stop(0);
  }

  static String toJson(Map<String, Map<String, String>> beans) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Map<String, String>> bean : beans.entrySet()) {
      if (!first) sb.append(',');
      first = false;
      sb.append(quote(bean.getKey())).append(":{");
      boolean firstAttr = true;
      for (Map.Entry<String, String> attr : bean.getValue().entrySet()) {
        if (!firstAttr) sb.append(',');
        firstAttr = false;
        sb.append(quote(attr.getKey())).append(':').append(quote(attr.getValue()));
      }
      sb.append('}');
    }
    return sb.append('}').toString();
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : String.valueOf(s).toCharArray()) {
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }
}
