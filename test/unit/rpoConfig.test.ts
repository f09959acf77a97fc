import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../shared/config/index.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const MIN = 60_000;
const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, ...env });
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
};

describe('RPO settings', () => {
  it('defaults to rpo / backup-tier tags, the four standard tiers and a 15 min confirmation margin', () => {
    const { rpo } = parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB });
    expect(rpo).toMatchObject({ rpoTagName: 'rpo', tierTagName: 'backup-tier', confirmMarginMs: 15 * MIN });
    expect([...rpo.tiers.values()]).toEqual([
      { name: 'Critical', targetMs: 15 * MIN },
      { name: 'Production', targetMs: 60 * MIN },
      { name: 'Standard', targetMs: 24 * 60 * MIN },
      { name: 'Development', targetMs: null },
    ]);
  });

  it('reads custom tag names, tiers and margin', () => {
    const { rpo } = parseConfig({
      AZURE_SUBSCRIPTION_IDS: SUB,
      RPO_TAG_NAME: 'backup-rpo',
      RPO_TIER_TAG_NAME: 'Tier',
      RPO_TIERS: 'Gold=PT30M;Lab=none',
      RPO_CONFIRM_MARGIN: 'PT5M',
    });
    expect(rpo).toMatchObject({ rpoTagName: 'backup-rpo', tierTagName: 'Tier', confirmMarginMs: 5 * MIN });
    expect([...rpo.tiers.keys()]).toEqual(['gold', 'lab']);
  });

  it.each([
    [{ RPO_TIERS: 'Gold=4 hours' }, 'RPO_TIERS: tier "Gold": "4 hours" is not a positive ISO 8601 duration'],
    [{ RPO_TIERS: 'Gold' }, 'RPO_TIERS: "Gold" is not Name='],
    [{ RPO_TAG_NAME: 'a/b' }, 'RPO_TAG_NAME: must be an Azure tag name'],
    [{ RPO_TIER_TAG_NAME: 'tier?' }, 'RPO_TIER_TAG_NAME: must be an Azure tag name'],
    [{ RPO_CONFIRM_MARGIN: '15m' }, 'RPO_CONFIRM_MARGIN: "15m" is not a positive ISO 8601 duration'],
    [{ RPO_AT_RISK_SHARE: '1.2' }, 'RPO_AT_RISK_SHARE'],
  ])('fails fast naming the setting: %j', (env, message) => expect(problems(env).join('\n')).toContain(message));
});
