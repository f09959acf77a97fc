// Azurite from node_modules: real blob traffic, and no process left behind - neither after stop() nor when the
// parent dies without cleaning up (SIGKILL).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BlobServiceClient } from '@azure/storage-blob';
import { azuriteCommand, startAzurite } from '../../sandbox/host/azurite.js';

/** Alive = exists and is not a zombie (a container's PID 1 may never reap orphans). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs = 4000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('startAzurite', () => {
  it('serves real blob uploads in memory and leaves no process after stop()', async () => {
    const az = await startAzurite();
    try {
      expect(az.blobEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      expect(az.connectionString).toContain(`BlobEndpoint=${az.blobEndpoint};`);
      const container = BlobServiceClient.fromConnectionString(az.connectionString).getContainerClient('backups');
      await container.create();
      await container.getBlockBlobClient('verdicts/a.json').upload('{"ok":true}', 11, { metadata: { policy: 'p1' } });
      const blob = container.getBlockBlobClient('verdicts/a.json');
      expect((await blob.downloadToBuffer()).toString()).toBe('{"ok":true}');
      expect((await blob.getProperties()).metadata).toEqual({ policy: 'p1' });
      expect(isAlive(az.pid)).toBe(true);
    } finally {
      await az.stop();
    }
    expect(isAlive(az.pid)).toBe(false);
    await az.stop(); // idempotent
  });

  it('reports a startup failure with Azurite output', async () => {
    const first = await startAzurite();
    try {
      const port = new URL(first.blobEndpoint).port;
      await expect(startAzurite({ blobPort: Number(port), startTimeoutMs: 10_000 })).rejects.toThrow(
        /Azurite did not start[\s\S]*(EADDRINUSE|in use)/i,
      );
    } finally {
      await first.stop();
    }
  });

  it('exits by itself when its parent is SIGKILLed (stdin watchdog)', async () => {
    const { command, args } = azuriteCommand();
    // A plain-node parent that starts Azurite with the same command line and reports the child's PID.
    const parentScript = `
      const { spawn } = require('node:child_process');
      const [command, args] = JSON.parse(process.argv[1]);
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
      child.stdout.on('data', (d) => { if (/successfully listens/.test(String(d))) console.log('CHILD ' + child.pid); });`;
    const parent = spawn(process.execPath, ['-e', parentScript, JSON.stringify([command, args])], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no child pid: ${out}`)), 15_000);
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /CHILD (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    expect(isAlive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    const gone = await waitUntilGone(childPid);
    if (!gone) process.kill(childPid, 'SIGKILL'); // never leave it behind, even when the assertion fails
    expect(gone).toBe(true);
  });
});
