// Run the estate on its own: `node dist/sandbox/estate/cli.js [--port 8443] [--scenario file.json] [--latency 50]`
// (or ESTATE_PORT / ESTATE_SCENARIO / ESTATE_LATENCY_MS). Writes the CA to a temp file so other processes can
// trust it (e.g. NODE_EXTRA_CA_CERTS=<file>), and stops cleanly on Ctrl+C / SIGTERM.
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEstate } from './index.js';

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, scenario: { type: 'string' }, latency: { type: 'string' }, quiet: { type: 'boolean' } },
  });
  const port = numberOption('port', values.port ?? process.env.ESTATE_PORT);
  const latencyMs = numberOption('latency', values.latency ?? process.env.ESTATE_LATENCY_MS);
  const scenario = values.scenario ?? process.env.ESTATE_SCENARIO;
  const estate = await startEstate({
    ...(port === undefined ? {} : { port }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(scenario === undefined || scenario === '' ? {} : { scenario }),
    ...(values.quiet === true ? {} : { log: (line: string) => console.log(line) }),
  });
  const caFile = join(tmpdir(), `backup-autopilot-estate-${process.pid}-ca.pem`);
  await writeFile(caFile, estate.ca, { mode: 0o644 });
  console.log(`estate ready ${estate.url}`);
  console.log(`ca ${caFile}`);
  console.log(`sinks ${estate.url}/_estate/sinks`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`estate stopping (${signal})`);
    estate
      .close()
      .then(() => rm(caFile, { force: true }))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('estate: failed to stop cleanly', error);
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('estate: failed to start:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
