// A bad RPO_BLOB_SOURCES stops the local stack at start, naming the source and field (its own file: the composition
// root takes its host settings once per process).
import { expect, it } from 'vitest';
import { startLocalStack } from '../../sandbox/localStack.js';

it('a bad RPO_BLOB_SOURCES stops the local stack at start, naming the field', async () => {
  const bad = JSON.stringify([
    { name: 'velero', kind: 'velero', container: 'velero', targetRpo: 'PT24H' },
    { name: 'pg', kind: 'file', container: 'pgdump', targetRpo: 'one day' },
  ]);
  await expect(startLocalStack({ port: 0, timers: 'manual', log: () => undefined, settings: { RPO_BLOB_SOURCES: bad } })).rejects.toThrow(
    /RPO_BLOB_SOURCES: \[1\]\.targetRpo: must be a positive ISO 8601 duration/,
  );
});
