package clickstream;

import java.util.Set;

/**
 * The lab's counting rules for the Spark job (issue #18), in Java: the same decisions as the TypeScript job's
 * src/logformat/parse.ts and src/schema/counting-rules.ts, held equal by data/line-verdicts.tsv, which both
 * languages' tests run. A line is malformed (with the parser's reason), well formed but not a course click, or a
 * course click with its course row key and, when its referer is a listed search engine, its search row key.
 */
public final class LineRules {
  private LineRules() {}

  /** The longest digit run taken as a course id (15 digits always fit a JavaScript number exactly). */
  static final int MAX_ID_DIGITS = 15;

  /** What a line is: `malformed:<reason>`, `other`, or a course click with its rows. */
  public static final class Verdict {
    public final String malformedReason;
    public final String courseRow;
    public final String searchRow;

    private Verdict(String malformedReason, String courseRow, String searchRow) {
      this.malformedReason = malformedReason;
      this.courseRow = courseRow;
      this.searchRow = searchRow;
    }

    static final Verdict OTHER = new Verdict(null, null, null);

    static Verdict malformed(String reason) {
      return new Verdict(reason, null, null);
    }

    public boolean isMalformed() {
      return malformedReason != null;
    }

    public boolean isCourse() {
      return courseRow != null;
    }

    /** The notation of data/line-verdicts.tsv. */
    @Override
    public String toString() {
      if (isMalformed()) return "malformed:" + malformedReason;
      if (!isCourse()) return "other";
      return "course:" + courseRow + (searchRow == null ? "" : "+" + searchRow);
    }
  }

  public static Verdict decide(String input, Set<String> engines) {
    String line = input.endsWith("\r") ? input.substring(0, input.length() - 1) : input;
    int t1 = line.indexOf('\t');
    int t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
    int t3 = t2 < 0 ? -1 : line.indexOf('\t', t2 + 1);
    int t4 = t3 < 0 ? -1 : line.indexOf('\t', t3 + 1);
    if (t4 < 0) return Verdict.malformed("missing-field");
    if (line.indexOf('\t', t4 + 1) >= 0) return Verdict.malformed("extra-field");
    String ip = line.substring(0, t1);
    String time = unwrap(line.substring(t1 + 1, t2), '[', ']');
    String request = line.substring(t2 + 1, t3);
    String status = line.substring(t3 + 1, t4);
    String referer = unwrap(line.substring(t4 + 1), '"', '"');
    if (ip.isEmpty() || request.isEmpty() || status.isEmpty() || referer.isEmpty()) return Verdict.malformed("empty-field");
    if (time.length() != 19 || !isCalendarTime(time)) return Verdict.malformed("bad-time");
    if (status.length() != 3 || !allDigits(status)) return Verdict.malformed("bad-status");
    String path = requestPath(request);
    if (path == null) return Verdict.malformed("bad-request");
    long courseId = courseIdOf(path);
    if (courseId < 0) return Verdict.OTHER;
    String day = time.substring(0, 4) + time.substring(5, 7) + time.substring(8, 10);
    String host = "-".equals(referer) ? null : refererHost(referer);
    String courseRow = day + "_" + courseId;
    String searchRow = host != null && engines.contains(host) ? day + "_" + host + "_" + courseId : null;
    return new Verdict(null, courseRow, searchRow);
  }

  static String unwrap(String s, char open, char close) {
    return s.length() >= 2 && s.charAt(0) == open && s.charAt(s.length() - 1) == close ? s.substring(1, s.length() - 1) : s;
  }

  static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  /** `METHOD PATH PROTOCOL` (optionally in double quotes) → PATH, or null. */
  static String requestPath(String field) {
    String req = unwrap(field, '"', '"');
    int first = req.indexOf(' ');
    int last = req.lastIndexOf(' ');
    if (first <= 0 || last <= first) return null;
    String method = req.substring(0, first);
    String path = req.substring(first + 1, last);
    String protocol = req.substring(last + 1);
    if (!isMethod(method) || !isProtocol(protocol) || path.isEmpty() || path.charAt(0) != '/') return null;
    return path;
  }

  static boolean isMethod(String s) {
    if (s.isEmpty() || s.length() > 16) return false;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < 'A' || s.charAt(i) > 'Z') return false;
    return true;
  }

  /** HTTP/1.0, HTTP/1.1, HTTP/2, HTTP/2.0, HTTP/3 */
  static boolean isProtocol(String s) {
    if (!s.startsWith("HTTP/")) return false;
    String v = s.substring(5);
    if (v.length() == 1) return isDigit(v.charAt(0));
    return v.length() == 3 && isDigit(v.charAt(0)) && v.charAt(1) == '.' && isDigit(v.charAt(2));
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A real `yyyy-MM-dd HH:mm:ss`: month 1-12, day within the month (leap years too), hour 0-23, minute and second 0-59. */
  static boolean isCalendarTime(String s) {
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' ' || s.charAt(13) != ':' || s.charAt(16) != ':') return false;
    int year = num(s, 0, 4), month = num(s, 5, 2), day = num(s, 8, 2), hour = num(s, 11, 2), minute = num(s, 14, 2), second = num(s, 17, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
    return day <= daysInMonth(year, month);
  }

  static int num(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static int daysInMonth(int year, int month) {
    if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** `/class/<digits>.html` exactly → the digits as a number, else -1. */
  static long courseIdOf(String path) {
    String prefix = "/class/", suffix = ".html";
    if (!path.startsWith(prefix) || !path.endsWith(suffix)) return -1;
    int end = path.length() - suffix.length();
    if (end <= prefix.length() || end - prefix.length() > MAX_ID_DIGITS) return -1;
    long id = 0;
    for (int i = prefix.length(); i < end; i++) {
      char c = path.charAt(i);
      if (!isDigit(c)) return -1;
      id = id * 10 + (c - '0');
    }
    return id;
  }

  /** The host of an http(s) URL, ASCII-lower-cased, without port; null for anything else. */
  static String refererHost(String referer) {
    int start = startsWithIgnoringCase(referer, "https://") ? 8 : startsWithIgnoringCase(referer, "http://") ? 7 : -1;
    if (start < 0) return null;
    int end = start;
    while (end < referer.length()) {
      char c = referer.charAt(end);
      if (c == '/' || c == ':' || c == '?' || c == '#' || c == ' ') break;
      end++;
    }
    if (end == start) return null;
    StringBuilder host = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = referer.charAt(i);
      host.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return host.toString();
  }

  static boolean startsWithIgnoringCase(String s, String lowerPrefix) {
    if (s.length() < lowerPrefix.length()) return false;
    for (int i = 0; i < lowerPrefix.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') c += 32;
      if (c != lowerPrefix.charAt(i)) return false;
    }
    return true;
  }
}
