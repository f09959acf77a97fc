// `npm start` as a user runs it, under whichever `node` runs this script: the stack must print its `ready <url>` line,
// answer GET <url>/api/rpo with JSON, and exit cleanly on SIGTERM. Prints one line; exit 0 on success.
//   node .ci/start-check.mjs            (expects a prior `npm run build:local`)
import { spawn } from 'node:child_process';

const started = Date.now();
const child = spawn(process.execPath, ['dist/sandbox/start.js'], {
  env: { ...process.env, LOCAL_PORT: '0' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
const fail = (why) => {
  console.log(`start-check (node ${process.version}): FAILED: ${why}\n${output.slice(-2000)}`);
  child.kill('SIGKILL');
  process.exit(1);
};
const timer = setTimeout(() => fail('no "ready" line within 90 s'), 90_000);
child.stderr.on('data', (d) => (output += d));
child.on('exit', (code) => {
  if (!ready) fail(`exited (${code}) before it was ready`);
});
let ready = false;
child.stdout.on('data', async (d) => {
  output += d;
  const m = /^ready (http:\/\/\S+)/m.exec(output);
  if (!m || ready) return;
  ready = true;
  clearTimeout(timer);
  const readyMs = Date.now() - started;
  try {
    const res = await fetch(`${m[1]}/api/rpo`, { signal: AbortSignal.timeout(60_000) });
    const body = await res.json();
    if (res.status !== 200 || typeof body?.summary?.total !== 'number') fail(`GET /api/rpo answered ${res.status}`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
    if (code === 'timeout') fail('did not exit within 15 s of SIGTERM');
    // 143 = 128 + SIGTERM: the stack shut down and re-signalled, as a service manager expects.
    if (code !== 0 && code !== 143) fail(`exit code ${code} after SIGTERM`);
    console.log(
      `start-check (node ${process.version}): ready in ${(readyMs / 1000).toFixed(1)} s, /api/rpo total=${body.summary.total}, exit ${code} on SIGTERM`,
    );
    process.exit(0);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
});
