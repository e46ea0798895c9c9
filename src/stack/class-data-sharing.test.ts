import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { classDataSharingArgs } from './class-data-sharing';

test('a class path of jars is archived at the first exit and mapped from then on; one with a directory goes without', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-'));
  try {
    const jar = path.join(dir, 'a.jar');
    fs.writeFileSync(jar, '');
    const archive = path.join(dir, 'kafka.jsa');
    assert.deepEqual(classDataSharingArgs(archive, [jar, path.join(dir, 'missing.jar')].join(path.delimiter)), ['-Xlog:cds*=error', `-XX:ArchiveClassesAtExit=${archive}`]);
    fs.writeFileSync(archive, '');
    assert.deepEqual(classDataSharingArgs(archive, jar), ['-Xlog:cds*=error', `-XX:SharedArchiveFile=${archive}`]);
    const conf = path.join(dir, 'conf');
    fs.mkdirSync(conf);
    assert.deepEqual(classDataSharingArgs(archive, [conf, jar].join(path.delimiter)), []);
    assert.deepEqual(classDataSharingArgs(archive, undefined), [], 'no class path (java Program.java): no archive');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
