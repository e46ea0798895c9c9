import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Application class data sharing (AppCDS, JDK 13+ dynamic archives) for a service's JVM: most of a JVM's start
 * is parsing and verifying the classes of its jars, and on a 2-core machine the three JVMs starting at once compete
 * for the CPU. A JVM started with `-XX:ArchiveClassesAtExit=F` writes the classes it loaded into F when it exits
 * normally (`lab down`'s SIGTERM counts; a `kill -9` does not, and the next start simply tries again); one started
 * with `-XX:SharedArchiveFile=F` maps them instead. The JVM checks that an archive matches its own build and the
 * class path, and runs without it (as before) when it does not.
 *
 * CDS refuses class paths with a non-empty directory in them (HBase's rendered conf/, Flume's compiled helpers):
 * those services start without an archive. The archive lives with the service's data, so two labs never share
 * one, and `lab reset` removes it with the data.
 */
export function classDataSharingArgs(archive: string, classpath: string | undefined): string[] {
  // A JVM started without a class path of its own (a single-file program) has nothing worth archiving.
  if (!classpath) return [];
  const hasDirectory = classpath.split(path.delimiter).some((entry) => fs.statSync(entry, { throwIfNoEntry: false })?.isDirectory());
  if (hasDirectory) return [];
  // Only errors: dumping warns about every class it leaves out (generated accessors, old class files).
  const quiet = '-Xlog:cds*=error';
  return fs.existsSync(archive) ? [quiet, `-XX:SharedArchiveFile=${archive}`] : [quiet, `-XX:ArchiveClassesAtExit=${archive}`];
}
