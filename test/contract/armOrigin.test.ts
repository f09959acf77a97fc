// The ARM transport follows nextLink and LRO poll URLs only on the configured ARM origin. The estate is made to
// answer URLs to other origins (its own fault API, `respond` with a body or headers); the request must be refused
// with ForeignOriginError and nothing may reach the other origin: a listening socket that counts connections, and
// the estate itself under another name (localhost instead of 127.0.0.1), which would otherwise answer.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { ForeignOriginError } from '../../shared/adapters/arm/armOrigin.js';
import { collect, dataProtectionFor } from '../support/estateClients.js';

let estate: Estate;
let other: Server;
let otherOrigin: string;
let connections = 0;
const sockets: Socket[] = [];
let vaultId: string;
let instanceId: string;

beforeAll(async () => {
  estate = await startEstate();
  other = createServer((socket) => {
    connections++;
    sockets.push(socket);
    socket.destroy();
  });
  const port = await new Promise<number>((resolve) =>
    other.listen(0, '127.0.0.1', () => resolve((other.address() as { port: number }).port)),
  );
  otherOrigin = `https://127.0.0.1:${port}`;
  const { client } = dataProtectionFor(estate);
  const vaults = await collect(client.listVaults(estate.model.subscriptions[0]!.id));
  vaultId = vaults[0]!.id;
  instanceId = (await collect(client.listBackupInstances(vaultId)))[0]!.id;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => other.close(r));
  await estate?.close();
});
beforeEach(() => {
  estate.control.faults.clear();
  estate.control.resetRequests();
  connections = 0;
});

const aliasOrigin = () => estate.endpoints.resourceManager.replace('//127.0.0.1:', '//localhost:');

describe('nextLink', () => {
  it('is followed on the ARM origin (the estate pages its lists that way)', async () => {
    const { client } = dataProtectionFor(estate);
    const nextLink = `${estate.endpoints.resourceManager}${vaultId}/backupInstances?x=1`;
    estate.control.faults.add({ kind: 'respond', method: 'GET', path: '/backupInstances$', body: { value: [], nextLink } });
    const items = await collect(client.listBackupInstances(vaultId));
    expect(items.length).toBeGreaterThan(0);
  });

  it.each([
    ['another port', () => `${otherOrigin}/subscriptions/x/backupInstances?$skipToken=abc`],
    ['the same server under another host name', () => `${aliasOrigin()}${new URL(vaultId, 'https://x').pathname}/backupInstances`],
    ['userinfo that looks like the ARM host', () => `https://${new URL(estate.endpoints.resourceManager).host}@localhost:1/x`],
  ])('to %s is refused and nothing is sent there', async (_name, link) => {
    const { client, calls } = dataProtectionFor(estate);
    estate.control.faults.add({ kind: 'respond', method: 'GET', path: '/backupInstances$', body: { value: [], nextLink: link() } });
    const error = await collect(client.listBackupInstances(vaultId)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForeignOriginError);
    expect((error as Error).message).toMatch(/ARM_ENDPOINT/);
    expect(calls()).toBe(1); // the first page only: the refused URL was never sent (not even retried)
    expect(connections).toBe(0);
    expect(estate.control.requests.entries().filter((r) => /backupInstances$/i.test(r.path))).toHaveLength(1);
  });
});

describe('long-running operation poll URLs', () => {
  it.each(['Azure-AsyncOperation', 'Location'])('a foreign %s is refused and never polled', async (header) => {
    const { client } = dataProtectionFor(estate);
    const poll = `${otherOrigin}/subscriptions/x/providers/Microsoft.DataProtection/locations/westeurope/operationStatus/op1`;
    estate.control.faults.add({ kind: 'respond', method: 'POST', path: '/backup$', status: 202, body: {}, headers: { [header]: poll } });
    const body = { backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: { retentionTagOverride: 'Default' } } };
    await expect(client.adhocBackup(instanceId, body)).rejects.toBeInstanceOf(ForeignOriginError);
    expect(connections).toBe(0);
    expect(estate.control.requests.entries().filter((r) => /operation/i.test(r.path))).toHaveLength(0);
  });

  it('the same server under another host name is refused too', async () => {
    const { client } = dataProtectionFor(estate);
    const poll = `${aliasOrigin()}/subscriptions/x/providers/Microsoft.DataProtection/locations/westeurope/operationStatus/op1`;
    estate.control.faults.add({
      kind: 'respond',
      method: 'POST',
      path: '/backup$',
      status: 202,
      body: {},
      headers: { 'Azure-AsyncOperation': poll, Location: poll },
    });
    await expect(client.adhocBackup(instanceId, { backupRuleOptions: { ruleName: 'x', triggerOption: {} } })).rejects.toThrow(
      /refused to follow a URL to https:\/\/localhost:/,
    );
    expect(estate.control.requests.entries().filter((r) => r.method === 'GET')).toHaveLength(0);
  });
});
