import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extraJars, formatSubmitCommand, parseDependencyList, shellWord, submitArgs, withSettings } from './package';

/** The pure parts of `lab spark package`: which jars go to `--jars`, and the spark-submit command it prints. */

const LIST = `
The following files have been resolved:
   org.apache.spark:spark-sql_2.13:jar:4.2.0:compile:/root/.m2/repository/org/apache/spark/spark-sql_2.13/4.2.0/spark-sql_2.13-4.2.0.jar
   org.rocksdb:rocksdbjni:jar:9.8.4:compile:/root/.m2/repository/org/rocksdb/rocksdbjni/9.8.4/rocksdbjni-9.8.4.jar -- module rocksdbjni (auto)
   io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.2.13.Final:compile:/r/netty-transport-native-epoll-4.2.13.Final-linux-x86_64.jar -- module io.netty.transport.epoll
   org.apache.spark:spark-core_2.13:jar:4.2.0:compile:/root/.m2/repository/org/apache/spark/spark-core_2.13/4.2.0/spark-core_2.13-4.2.0.jar
`;

test("mvn dependency:list's lines give the jars' file names (classifiers kept, module notes dropped)", () => {
  assert.deepEqual(parseDependencyList(LIST), [
    'netty-transport-native-epoll-4.2.13.Final-linux-x86_64.jar',
    'rocksdbjni-9.8.4.jar',
    'spark-core_2.13-4.2.0.jar',
    'spark-sql_2.13-4.2.0.jar',
  ]);
  assert.deepEqual(parseDependencyList('[INFO] BUILD SUCCESS\n'), []);
});

test('the jars for --jars: the component minus what spark-sql alone resolves to', () => {
  const all = ['/c/lib/spark-sql_2.13-4.2.0.jar', '/c/lib/kafka-clients-3.9.2.jar', '/c/lib/spark-core_2.13-4.2.0.jar', '/c/lib/hbase-shaded-client-2.6.4-hadoop3.jar'];
  assert.deepEqual(extraJars(all, ['spark-core_2.13-4.2.0.jar', 'spark-sql_2.13-4.2.0.jar']), ['/c/lib/hbase-shaded-client-2.6.4-hadoop3.jar', '/c/lib/kafka-clients-3.9.2.jar']);
  assert.deepEqual(extraJars(all, parseDependencyList(LIST)).length, 2);
});

test('settings: replaced in place of the old ones, new ones added, the rest kept', () => {
  assert.deepEqual(withSettings(['master=local[2]', 'topic=access-log', 'kafka=h:9092'], { topic: 't1', checkpoint: '/c' }), ['master=local[2]', 'kafka=h:9092', 'topic=t1', 'checkpoint=/c']);
});

test('the spark-submit command: options, the job jar, then the settings as program arguments; quoted for a shell', () => {
  const args = submitArgs({ jobJar: '/p/job.jar', deps: ['/p/deps/a.jar', '/p/deps/b.jar'] }, ['kafka=h:9092', 'engines=a.com,b.com'], { master: 'yarn', deployMode: 'cluster', conf: { 'spark.x': 'a b' } });
  assert.deepEqual(args.slice(0, 4), ['--master', 'yarn', '--deploy-mode', 'cluster']);
  assert.deepEqual(args.slice(-3), ['/p/job.jar', 'kafka=h:9092', 'engines=a.com,b.com']);
  assert.equal(args[args.indexOf('--jars') + 1], '/p/deps/a.jar,/p/deps/b.jar');
  assert.equal(args[args.indexOf('--conf') + 1], 'spark.x=a b');
  const text = formatSubmitCommand(args);
  assert.match(text, /^spark-submit \\\n {2}--master yarn \\\n/);
  assert.match(text, / {2}--conf 'spark.x=a b' \\\n/);
  assert.match(text, /\n {2}\/p\/job.jar kafka=h:9092 engines=a.com,b.com$/);
  assert.equal(shellWord("it's"), `'it'\\''s'`);
  assert.equal(shellWord('local[2]'), `'local[2]'`);
});
