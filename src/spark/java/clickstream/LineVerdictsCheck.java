package clickstream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs data/line-verdicts.tsv through LineRules (the Spark job's rules): `java clickstream.LineVerdictsCheck
 * <line-verdicts.tsv> <search-engines.json>` prints one line per disagreement and `checked N vectors`, and exits 1
 * when any disagrees. The TypeScript job runs the same file (src/stream/line-verdicts.test.ts).
 */
public final class LineVerdictsCheck {
  public static void main(String[] args) throws Exception {
    Set<String> engines = searchEngines(Path.of(args[1]));
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    int checked = 0, wrong = 0;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isEmpty() || text.startsWith("#")) continue;
      int tab = text.indexOf('\t');
      String expected = text.substring(0, tab);
      String got = LineRules.decide(unescape(text.substring(tab + 1)), engines).toString();
      checked++;
      if (!got.equals(expected)) {
        wrong++;
        System.out.println("line-verdicts.tsv:" + (i + 1) + ": expected " + expected + ", LineRules says " + got);
      }
    }
    System.out.println("checked " + checked + " vectors, " + wrong + " disagree");
    System.exit(wrong == 0 ? 0 : 1);
  }

  /** The hosts of data/search-engines.json (lower case, as listed). */
  static Set<String> searchEngines(Path file) throws Exception {
    Set<String> hosts = new HashSet<>();
    Matcher m = Pattern.compile("\"host\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(file, StandardCharsets.UTF_8));
    while (m.find()) hosts.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
    return hosts;
  }

  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      out.append(e == 't' ? '\t' : e == 'r' ? '\r' : e == '\\' ? '\\' : fail(e));
    }
    return out.toString();
  }

  static char fail(char e) {
    throw new IllegalArgumentException("unknown escape \\" + e);
  }
}
