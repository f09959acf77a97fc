// Blob-landed backups end to end: local mode seeds Velero, pg_dump and etcd blobs into Azurite and sets
// RPO_BLOB_SOURCES to watch them; the timer judges them with the fleet and publishes their state changes with
// subject blob://<name>. (A bad RPO_BLOB_SOURCES: blobSources.settings.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobServiceClient } from '@azure/storage-blob';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import { isRpoEvent, parseCloudEvent, type AutopilotCloudEvent, type RpoEventType } from '../../shared/events/cloudEvent.js';
import { services } from '../../shared/composition.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, timers: 'manual', log: () => undefined });
});
afterAll(() => stack?.close());

const events = (subject: string): AutopilotCloudEvent<RpoEventType>[] =>
  stack
    .estate!.control.eventGrid.events()
    .map((r) => parseCloudEvent(r.event))
    .flatMap((p) => ('value' in p ? [p.value] : []))
    .filter(isRpoEvent)
    .filter((e) => e.subject === subject);

describe('blob sources in local mode', () => {
  it('judges the seeded sources: Velero Completed vs PartiallyFailed, pg_dump by name, etcd by last-modified', async () => {
    const byName = Object.fromEntries((await services().blobSources.run()).map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['etcd', 'pg-orders', 'velero-prod', 'velero-stage']);
    expect(byName['velero-prod']).toMatchObject({ verdict: 'ok', kind: 'velero' });
    expect(byName['velero-prod']!.reason).toContain('is PartiallyFailed and does not count');
    expect(byName['velero-stage']).toMatchObject({ verdict: 'breached' });
    expect(byName['pg-orders']).toMatchObject({ verdict: 'at-risk', kind: 'file' });
    expect(byName['pg-orders']!.reason).toContain('empty (0 bytes)');
    expect(byName.etcd).toMatchObject({ verdict: 'ok' });
  });

  it('shows them in GET /api/rpo (JSON and HTML), filtered by verdict and left out when narrowed to a vault', async () => {
    const all = (await (await fetch(`${stack.url}/api/rpo`)).json()) as { blobSources: { name: string; verdict: string }[] };
    expect(all.blobSources.map((b) => b.name).sort()).toEqual(['etcd', 'pg-orders', 'velero-prod', 'velero-stage']);
    const breached = (await (await fetch(`${stack.url}/api/rpo?verdict=breached`)).json()) as { blobSources: { name: string }[] };
    expect(breached.blobSources.map((b) => b.name)).toEqual(['velero-stage']);
    const vault = stack.estate!.model.vaults()[0]!.name;
    const narrowed = (await (await fetch(`${stack.url}/api/rpo?vault=${vault}`)).json()) as { blobSources: unknown[] };
    expect(narrowed.blobSources).toEqual([]);
    const page = await (await fetch(`${stack.url}/api/rpo`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<h2>Blob-landed backups</h2>');
    expect(page).toContain('velero-stage');
  });

  it('publishes blob-source changes with subject blob://<name>, once', async () => {
    await stack.host.runFunction('rpoCheckTimer');
    await stack.host.runFunction('rpoCheckTimer');
    expect(events('blob://velero-stage').map((e) => e.type)).toEqual(['Autopilot.Rpo.Breached']);
    expect(events('blob://pg-orders').map((e) => e.type)).toEqual(['Autopilot.Rpo.AtRisk']);
    expect(events('blob://velero-prod')).toEqual([]);
    expect(events('blob://velero-stage')[0]).toMatchObject({
      source: '/autopilot/rpoCheckTimer',
      data: {
        kind: 'blobSource',
        name: 'velero-stage',
        vault: null,
        cluster: 'velero/stage/backups/',
        latestRecoveryPoint: expect.any(String) as string,
      },
    });
  });

  it('a new Completed Velero backup recovers the breached source', async () => {
    const now = stack.estate!.model.clock.now();
    const name = `stage-daily-${now.toISOString().replace(/\D/g, '').slice(0, 14)}`;
    const backup = {
      kind: 'Backup',
      apiVersion: 'velero.io/v1',
      metadata: { name },
      status: { phase: 'Completed', completionTimestamp: now.toISOString() },
    };
    const body = JSON.stringify(backup);
    await BlobServiceClient.fromConnectionString(stack.azurite.connectionString)
      .getContainerClient('velero')
      .getBlockBlobClient(`stage/backups/${name}/velero-backup.json`)
      .upload(body, body.length);
    await stack.host.runFunction('rpoCheckTimer');
    expect(events('blob://velero-stage').map((e) => [e.type, e.data.previousVerdict])).toEqual([
      ['Autopilot.Rpo.Breached', null],
      ['Autopilot.Rpo.Recovered', 'breached'],
    ]);
  });

  it('follows the estate clock: pg_dump breaches when time passes its target', async () => {
    stack.estate!.model.clock.advance('PT5H');
    await stack.host.runFunction('rpoCheckTimer');
    expect(events('blob://pg-orders').map((e) => e.type)).toEqual(['Autopilot.Rpo.AtRisk', 'Autopilot.Rpo.Breached']);
  });
});
