import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.ClusterMetrics;
import org.apache.hadoop.hbase.RegionMetrics;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The HBase shell is not published for 2.6.x, so the lab talks to HBase's Admin API through this one file.
 *
 *   LabAdmin <zkHost> <zkPort> create-tables <family> <table>[@split,split...] [...]
 *     Creates each table that does not exist yet (one column family); existing tables are left alone.
 *     `name@a,b` pre-splits the table into regions [,a) [a,b) [b,) — lesson 06 compares that with one region.
 *     Prints one line per table: "created <name>" or "exists <name>".
 *   LabAdmin <zkHost> <zkPort> flush <table>...          (memstores to store files, before measuring sizes)
 *   LabAdmin <zkHost> <zkPort> list-tables
 *   LabAdmin <zkHost> <zkPort> drop-tables <table>...
 *     Disables and deletes each table that exists. Prints "dropped <name>" or "absent <name>".
 *   LabAdmin <zkHost> <zkPort> region-stats <table>...
 *     One JSON line per table: its regions in key order with start/end key, hosting server and the
 *     region's read and write request counts (RegionMetrics). The counts are asked of each live
 *     regionserver directly (ClusterMetrics names the servers), so they are current — the master's copy
 *     lags by a heartbeat (3 s). Lesson 06 uses them to measure hot-spotting.
 */
public class LabAdmin {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: LabAdmin <zkHost> <zkPort> create-tables <family> <table>... | drop-tables <table>... | region-stats <table>... | flush <table>... | list-tables");
      System.exit(2);
    }
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", args[0]);
    conf.set("hbase.zookeeper.property.clientPort", args[1]);
    // Fail within a minute rather than retrying for the default ~20 minutes.
    conf.setInt("hbase.client.retries.number", 30);
    conf.setInt("hbase.client.pause", 200);
    try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
      switch (args[2]) {
        case "create-tables":
          createTables(admin, args[3], List.of(args).subList(4, args.length));
          break;
        case "drop-tables":
          dropTables(admin, List.of(args).subList(3, args.length));
          break;
        case "region-stats":
          for (String t : List.of(args).subList(3, args.length)) System.out.println(regionStats(admin, TableName.valueOf(t)));
          break;
        case "flush":
          for (String t : List.of(args).subList(3, args.length)) admin.flush(TableName.valueOf(t));
          break;
        case "list-tables":
          for (TableName t : admin.listTableNames()) System.out.println(t.getNameAsString());
          break;
        default:
          System.err.println("unknown command " + args[2]);
          System.exit(2);
      }
    }
  }

  static void createTables(Admin admin, String family, List<String> tables) throws Exception {
    for (String spec : tables) {
      String name = spec.contains("@") ? spec.substring(0, spec.indexOf('@')) : spec;
      byte[][] splits = spec.contains("@")
          ? java.util.Arrays.stream(spec.substring(spec.indexOf('@') + 1).split(",")).map(Bytes::toBytes).toArray(byte[][]::new)
          : null;
      TableName table = TableName.valueOf(name);
      if (admin.tableExists(table)) {
        System.out.println("exists " + name);
        continue;
      }
      try {
        var descriptor = TableDescriptorBuilder.newBuilder(table)
            .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(family)).build())
            .build();
        if (splits == null) admin.createTable(descriptor);
        else admin.createTable(descriptor, splits);
        System.out.println("created " + name);
      } catch (org.apache.hadoop.hbase.TableExistsException e) {
        // Another `lab up` won the race: the table is there, which is all we wanted.
        System.out.println("exists " + name);
      }
    }
  }

  static void dropTables(Admin admin, List<String> tables) throws Exception {
    for (String name : tables) {
      TableName table = TableName.valueOf(name);
      if (!admin.tableExists(table)) {
        System.out.println("absent " + name);
        continue;
      }
      if (admin.isTableEnabled(table)) admin.disableTable(table);
      admin.deleteTable(table);
      System.out.println("dropped " + name);
    }
  }

  static String regionStats(Admin admin, TableName table) throws Exception {
    // Region boundaries and placement from hbase:meta; counters from the regionservers that host them.
    List<RegionInfo> regions = new ArrayList<>(admin.getRegions(table));
    regions.sort((a, b) -> Bytes.compareTo(a.getStartKey(), b.getStartKey()));
    java.util.Map<String, RegionMetrics> metrics = new java.util.HashMap<>();
    java.util.Map<String, String> hosts = new java.util.HashMap<>();
    ClusterMetrics cluster = admin.getClusterMetrics(EnumSet.of(ClusterMetrics.Option.LIVE_SERVERS));
    for (ServerName server : cluster.getLiveServerMetrics().keySet()) {
      for (RegionMetrics m : admin.getRegionMetrics(server, table)) {
        String key = Bytes.toStringBinary(m.getRegionName());
        metrics.put(key, m);
        hosts.put(key, server.getServerName());
      }
    }
    StringBuilder json = new StringBuilder();
    json.append("{\"table\":").append(quote(table.getNameAsString())).append(",\"regions\":[");
    for (int i = 0; i < regions.size(); i++) {
      RegionInfo r = regions.get(i);
      String key = Bytes.toStringBinary(r.getRegionName());
      RegionMetrics m = metrics.get(key);
      if (i > 0) json.append(',');
      json.append("{\"region\":").append(quote(r.getEncodedName()))
          .append(",\"startKey\":").append(quote(Bytes.toStringBinary(r.getStartKey())))
          .append(",\"endKey\":").append(quote(Bytes.toStringBinary(r.getEndKey())))
          .append(",\"server\":").append(hosts.containsKey(key) ? quote(hosts.get(key)) : "null")
          .append(",\"readRequests\":").append(m == null ? "null" : String.valueOf(m.getReadRequestCount()))
          .append(",\"writeRequests\":").append(m == null ? "null" : String.valueOf(m.getWriteRequestCount()))
          .append('}');
    }
    return json.append("]}").toString();
  }

  /** A JSON string literal (keys come from Bytes.toStringBinary: printable ASCII and \xNN escapes). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
