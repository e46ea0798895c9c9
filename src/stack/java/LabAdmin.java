import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The HBase shell is not published for 2.6.x, so the lab talks to HBase's Admin API through this one file.
 *
 *   LabAdmin <zkHost> <zkPort> create-tables <family> <table>[@split,split...] [...]
 *     Creates each table that does not exist yet (one column family); existing tables are left alone.
 *     `name@a,b` pre-splits the table into regions [,a) [a,b) [b,) — lesson 06 compares that with one region.
 *     Prints one line per table: "created <name>" or "exists <name>".
 *   LabAdmin <zkHost> <zkPort> list-tables
 */
public class LabAdmin {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: LabAdmin <zkHost> <zkPort> create-tables <family> <table>... | list-tables");
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
}
