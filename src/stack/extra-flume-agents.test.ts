import assert from 'node:assert/strict';
import { test } from 'node:test';
import { declaredComponents } from './extra-flume-agents';

test('declaredComponents names what the agent declares, as Flume\'s metrics do, and only that agent\'s', () => {
  const config = [
    '# comment = not a key',
    'edge.sources = r1 r2',
    'edge.channels =   c1',
    'edge.sinks = k1',
    'edge.sources.r1.type = TAILDIR',
    'collector.sources = in',
    'collector.channels = mem',
  ].join('\n');
  assert.deepEqual(declaredComponents(config, 'edge'), ['SOURCE.r1', 'SOURCE.r2', 'CHANNEL.c1', 'SINK.k1']);
  assert.deepEqual(declaredComponents(config, 'collector'), ['SOURCE.in', 'CHANNEL.mem']);
  assert.deepEqual(declaredComponents(config, 'a1'), []);
});
