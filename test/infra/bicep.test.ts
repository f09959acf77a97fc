// The real Bicep compiler (pinned in infra/compiler/bicep-cli.csproj) over every template: it builds, the linter
// reports nothing at all, each template has the schema of its target scope, and every suppressed rule says why.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bicepPath, compiled, infraFiles, repoRoot, source } from './support.js';

const templates = infraFiles('.bicep');

describe('real Bicep compiler', () => {
  it('is the version pinned in infra/compiler/bicep-cli.csproj', () => {
    const pinned = /<BicepVersion>([^<]+)<\/BicepVersion>/.exec(source('compiler/bicep-cli.csproj'))?.[1];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(execFileSync(bicepPath(), ['--version'], { encoding: 'utf8' })).toContain(`Bicep CLI version ${pinned} `);
  });

  it('lints every template with zero warnings and zero errors', () => {
    expect(templates.length).toBeGreaterThan(10);
    const out = execFileSync(bicepPath(), ['lint', '--pattern', 'infra/**/*.bicep'], { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' });
    expect(out.split('\n').filter((l) => / : (Warning|Error|Info) /.test(l))).toEqual([]);
  }, 120_000);

  it.each(templates)('builds %s with the schema of its target scope', (file) => {
    const template = compiled(file);
    const scope = /^targetScope\s*=\s*'(\w+)'/m.exec(source(file))?.[1] ?? 'resourceGroup';
    const schema = {
      resourceGroup: 'deploymentTemplate.json#',
      subscription: 'subscriptionDeploymentTemplate.json#',
      managementGroup: 'managementGroupDeploymentTemplate.json#',
      tenant: 'tenantDeploymentTemplate.json#',
    }[scope];
    expect(schema, `${file}: targetScope ${scope}`).toBeDefined();
    expect(template.$schema.endsWith(`/${schema}`), `${file}: ${template.$schema}`).toBe(true);
  });

  it('puts main.bicep at subscription scope', () => {
    expect(compiled('main.bicep').$schema).toMatch(/\/subscriptionDeploymentTemplate\.json#$/);
  });

  it('gives every suppressed linter rule its reason in a comment right above it', () => {
    const suppressions = templates.flatMap((file) =>
      source(file)
        .split('\n')
        .map((line, i, lines) => ({ file, line: i + 1, text: line.trim(), before: lines[i - 1]?.trim() ?? '' }))
        .filter((l) => l.text.startsWith('#disable-next-line')),
    );
    for (const s of suppressions) {
      const inline = /#disable-next-line [\w-]+(\s+[\w-]+)*\s*\/\/\s*\S.{10,}/.test(s.text);
      expect(inline || /^\/\/\s*\S.{10,}/.test(s.before), `${s.file}:${s.line} ${s.text} has no reason`).toBe(true);
    }
  });
});
