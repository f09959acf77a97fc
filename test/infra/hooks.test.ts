// The azd postdeploy hook: the second pass runs with DEPLOY_EVENT_SUBSCRIPTIONS=true, puts the flag back whatever
// happens, retries only replication errors (RoleDefinitionDoesNotExist, PrincipalNotFound) a bounded number of times,
// and fails at once on anything else. `azd` here is a stand-in script on PATH that logs its arguments and fails as
// told: the hook is our code, azd is the tool it drives.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { infraDir } from './support.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the hook with an azd whose `provision` fails `failures` times with `error`, then succeeds. */
function runHook(opts: { needed?: string; failures?: number; error?: string; attempts?: number }) {
  dir = mkdtempSync(join(tmpdir(), 'postdeploy-'));
  const log = join(dir, 'azd.log');
  const count = join(dir, 'count');
  writeFileSync(count, '0');
  writeFileSync(
    join(dir, 'azd'),
    `#!/bin/sh
echo "$*" >> ${log}
case "$1 $2 $3" in
  "env get-value POSTDEPLOY_PROVISION_NEEDED") echo "${opts.needed ?? 'true'}"; exit 0 ;;
  "env get-value "*) exit 1 ;;
esac
if [ "$1" = provision ]; then
  n=$(cat ${count}); n=$((n + 1)); echo $n > ${count}
  if [ $n -le ${opts.failures ?? 0} ]; then echo "ERROR: deployment failed: ${opts.error ?? 'RoleDefinitionDoesNotExist'}"; exit 1; fi
  echo "SUCCESS: provisioned"
fi
exit 0
`,
  );
  chmodSync(join(dir, 'azd'), 0o755);
  const result = spawnSync('sh', [join(infraDir, 'hooks/postdeploy.sh')], {
    encoding: 'utf8',
    env: {
      PATH: `${dir}:/usr/bin:/bin`,
      POSTDEPLOY_RETRY_SECONDS: '0',
      ...(opts.attempts ? { POSTDEPLOY_ATTEMPTS: String(opts.attempts) } : {}),
    },
  });
  const calls = readFileSync(log, 'utf8').trim().split('\n');
  return { status: result.status, stdout: result.stdout, calls, provisions: calls.filter((c) => c.startsWith('provision')).length };
}

describe('postdeploy hook', () => {
  it('runs the second pass once with the flag on, then puts it back', () => {
    const r = runHook({});
    expect(r.status).toBe(0);
    expect(r.provisions).toBe(1);
    const on = r.calls.indexOf('env set DEPLOY_EVENT_SUBSCRIPTIONS true');
    expect(on).toBeGreaterThanOrEqual(0);
    expect(r.calls.indexOf('provision --no-prompt')).toBeGreaterThan(on);
    expect(r.calls.at(-1)).toBe('env set DEPLOY_EVENT_SUBSCRIPTIONS false');
  });

  it.each(['RoleDefinitionDoesNotExist', 'PrincipalNotFound'])('retries while a %s replication error lasts', (error) => {
    const r = runHook({ failures: 2, error });
    expect(r.status).toBe(0);
    expect(r.provisions).toBe(3);
    expect(r.stdout).toContain('attempt 2 of 4');
    expect(r.calls.at(-1)).toBe('env set DEPLOY_EVENT_SUBSCRIPTIONS false');
  });

  it('gives up after POSTDEPLOY_ATTEMPTS and fails the deploy, flag restored', () => {
    const r = runHook({ failures: 10, attempts: 3 });
    expect(r.status).not.toBe(0);
    expect(r.provisions).toBe(3);
    expect(r.stdout).toContain('after 3 attempts');
    expect(r.calls.at(-1)).toBe('env set DEPLOY_EVENT_SUBSCRIPTIONS false');
  });

  it('does not retry any other failure', () => {
    const r = runHook({ failures: 1, error: 'InvalidTemplateDeployment' });
    expect(r.status).not.toBe(0);
    expect(r.provisions).toBe(1);
    expect(r.stdout).toContain('not a replication delay');
    expect(r.calls.at(-1)).toBe('env set DEPLOY_EVENT_SUBSCRIPTIONS false');
  });

  it('skips the second pass when the first says none is needed', () => {
    const r = runHook({ needed: 'false' });
    expect(r.status).toBe(0);
    expect(r.provisions).toBe(0);
  });

  it('keeps the Windows hook to the same rule', () => {
    const ps1 = readFileSync(join(infraDir, 'hooks/postdeploy.ps1'), 'utf8');
    expect(ps1).toMatch(/RoleDefinitionDoesNotExist\|PrincipalNotFound/);
    expect(ps1).toMatch(/POSTDEPLOY_ATTEMPTS/);
    expect(ps1).toMatch(/finally \{\s+azd env set DEPLOY_EVENT_SUBSCRIPTIONS false/);
  });
});

describe('preprovision hook (lifecycle rules of backup storage accounts)', () => {
  const ACCOUNT =
    '/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg-bk/providers/Microsoft.Storage/storageAccounts/stbackups';

  /** Runs the hook with an `az` that reports `rules` on the account, and a parameters file with `keepRules`. */
  function runPreprovision(opts: { rules: string[]; keep?: string[]; replace?: boolean }) {
    dir = mkdtempSync(join(tmpdir(), 'preprovision-'));
    const params = join(dir, 'main.parameters.json');
    const keepRules = (opts.keep ?? []).map((name) => ({ name, enabled: true, type: 'Lifecycle', definition: {} }));
    writeFileSync(
      params,
      JSON.stringify(
        { parameters: { backupStorageAccounts: { value: [{ storageAccountResourceId: ACCOUNT, prefixMatch: ['velero/'], keepRules }] } } },
        null,
        2,
      ),
    );
    writeFileSync(
      join(dir, 'az'),
      `#!/bin/sh\necho "$*" >> ${join(dir, 'az.log')}\nprintf '%s\\n' ${opts.rules.map((r) => `'${r}'`).join(' ')}\n`,
    );
    chmodSync(join(dir, 'az'), 0o755);
    const result = spawnSync('sh', [join(infraDir, 'hooks/preprovision.sh')], {
      encoding: 'utf8',
      env: { PATH: `${dir}:/usr/bin:/bin`, PARAMETERS_FILE: params, ...(opts.replace ? { BACKUP_STORAGE_REPLACE_RULES: 'true' } : {}) },
    });
    return { status: result.status, stdout: result.stdout, azCalls: readFileSync(join(dir, 'az.log'), 'utf8') };
  }

  it('asks the account for its current rules', () => {
    const r = runPreprovision({ rules: [] });
    expect(r.status).toBe(0);
    expect(r.azCalls).toContain(
      'storage account management-policy show --subscription 00000000-0000-0000-0000-0000000000bb -g rg-bk --account-name stbackups',
    );
  });

  it('stops when a rule the account has would be dropped, naming it and how to keep it', () => {
    const r = runPreprovision({ rules: ['backup-autopilot-tiering', 'kopia-maintenance-keep'] });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("stbackups has lifecycle rule 'kopia-maintenance-keep'");
    expect(r.stdout).toContain('keepRules');
  });

  it('passes when every foreign rule is kept, and ignores our own rule', () => {
    expect(
      runPreprovision({ rules: ['backup-autopilot-tiering', 'kopia-maintenance-keep'], keep: ['kopia-maintenance-keep'] }).status,
    ).toBe(0);
    expect(runPreprovision({ rules: ['backup-autopilot-tiering'] }).status).toBe(0);
  });

  it('proceeds when told to replace them (BACKUP_STORAGE_REPLACE_RULES=true)', () => {
    expect(runPreprovision({ rules: ['other'], replace: true }).status).toBe(0);
  });
});
