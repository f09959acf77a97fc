// Headless Chromium (Debian's `chromium`): screenshots and the DOM after scripts ran. Absent on a developer machine
// without it; CI installs it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function findChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const name of ['chromium', 'chromium-browser']) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

async function chromium(bin: string, args: readonly string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  try {
    const { stdout } = await run(
      bin,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        ...args,
      ],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export const screenshot = (bin: string, url: string, png: string, width: number, height: number): Promise<string> =>
  chromium(bin, [`--window-size=${width},${height}`, `--screenshot=${png}`, url]);

export const dumpDom = (bin: string, url: string): Promise<string> => chromium(bin, ['--dump-dom', url]);
