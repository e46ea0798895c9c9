import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { decodeMultiOutcomes, encodeConditionalIncrement } from './conditional-batch';
import { bytesFields, decodeMessage, encodeMessage } from './protobuf';

/** hbase-rpc-client's own protocol definitions decode what the old fields of our RegionAction say. */
function libraryProto(): Record<string, { decode(b: Buffer): Record<string, unknown> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ProtoBuf = require('protobufjs') as { convertFieldsToCamelCase: boolean; loadProtoFile(f: string): { build(): Record<string, never> } };
  ProtoBuf.convertFieldsToCamelCase = true;
  const file = path.join(path.dirname(require.resolve('hbase-rpc-client/package.json')), 'proto', 'Client.proto');
  return ProtoBuf.loadProtoFile(file).build() as never;
}

test('a conditional increment is a RegionAction the library can read, plus the condition in field 4', () => {
  const bytes = encodeConditionalIncrement(Buffer.from('course_clickcount,,1.abc.'), {
    row: '20261124_112',
    column: 'info:next_offset_p0',
    expected: Buffer.from([0, 0, 0, 0, 0, 0, 0, 9]),
    amounts: { 'info:click_count': 3, 'info:next_offset_p0': 5 },
  });
  const action = libraryProto().RegionAction?.decode(bytes) as {
    region: { type: unknown; value: { toString(e: string): string } };
    action: { index: number; mutation: { row: { toString(e: string): string }; mutateType: unknown; columnValue: { qualifierValue: { value: { toString(e: string): string } }[] }[] } }[];
  };
  assert.equal(action.region.value.toString('utf8'), 'course_clickcount,,1.abc.');
  assert.equal(action.action[0]?.mutation.row.toString('utf8'), '20261124_112');
  assert.equal(action.action[0]?.mutation.mutateType, 1); // INCREMENT
  const values = action.action[0]?.mutation.columnValue[0]?.qualifierValue.map((q) => q.value.toString('hex'));
  assert.deepEqual(values, ['0000000000000003', '0000000000000005']);
  const condition = libraryProto().Condition?.decode(bytesFields(decodeMessage(bytes), 4)[0] as Buffer) as Record<string, { toString(e: string): string }>;
  assert.equal(condition.qualifier?.toString('utf8'), 'next_offset_p0');
  assert.equal(String(condition.compareType), '2'); // EQUAL
});

test('outcomes are read per RegionActionResult: processed, not processed, a region exception, an action exception', () => {
  const exception = (name: string) => encodeMessage([[1, name], [2, Buffer.from('details')]]);
  const response = encodeMessage([
    [
      1,
      [
        encodeMessage([[3, true]]),
        encodeMessage([[3, false]]),
        encodeMessage([[2, exception('NotServingRegionException')]]),
        encodeMessage([[1, encodeMessage([[1, 0], [3, exception('DoNotRetryIOException')]])]]),
      ],
    ],
  ]);
  assert.deepEqual(decodeMultiOutcomes(response, 4), [
    'applied',
    'condition-failed',
    { error: 'NotServingRegionException' },
    { error: 'DoNotRetryIOException' },
  ]);
  assert.throws(() => decodeMultiOutcomes(response, 3), /4 results for 3 actions/);
});
