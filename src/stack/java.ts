import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The `java` the lab runs: $JAVA_HOME/bin/java when JAVA_HOME is set, else the one on PATH. */
export function javaBin(): string {
  const home = process.env.JAVA_HOME;
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** The major version of that java (17 for "17.0.15"), or undefined when java does not run. */
export function javaMajorVersion(): number | undefined {
  // `java -version` prints to stderr; -XshowSettings adds the one property we parse.
  const r = spawnSync(javaBin(), ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return parseJavaVersion(`${r.stdout}${r.stderr}`);
}

export function parseJavaVersion(text: string): number | undefined {
  const m = /java\.specification\.version = (\d+)(?:\.(\d+))?/.exec(text) ?? /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 && m[2] ? Number(m[2]) : major;
}

/**
 * JDK 17 closes JDK internals that HBase 2.6 (its shaded Netty, its off-heap code) still reaches into;
 * these are the flags HBase's own bin/hbase passes on JDK 17.
 */
export const HBASE_JDK17_FLAGS: readonly string[] = [
  '-Dorg.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible=true',
  '--add-modules',
  'jdk.unsupported',
  ...['java.io', 'java.nio', 'sun.nio.ch', 'java.lang', 'jdk.internal.ref', 'java.lang.reflect', 'java.util', 'java.util.concurrent'].flatMap(
    (pkg) => ['--add-opens', `java.base/${pkg}=ALL-UNNAMED`],
  ),
  ...['jdk.internal.misc', 'sun.net.dns', 'sun.net.util'].flatMap((pkg) => ['--add-exports', `java.base/${pkg}=ALL-UNNAMED`]),
  '--add-exports',
  'java.security.jgss/sun.security.krb5=ALL-UNNAMED',
];
