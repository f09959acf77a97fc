// The re-run side of remediation over the DataProtection client: the instance's protection state and policy, the
// policy's backup rule and default retention tag, the on-demand backup (an LRO through ArmTransport.runOperation,
// retries in the SDK pipeline) and a job by id. Azure's refusals become RerunStartError with the service's code.
import { readProtection } from '../../domain/azureWords.js';
import type { DataProtectionClient } from '../dataProtection/client.js';
import { isBackupRule, isScheduleTrigger } from '../dataProtection/types.js';
import { isRestError, restStatus } from '../restError.js';
import { toJobFact } from './jobFeed.js';
import { RerunStartError, type BackupRerunner, type JobFact, type RerunInstance, type RerunOptions } from '../../usecases/ports.js';

/** How long a policy's rule name and default tag are reused: a stale one makes Azure refuse (bad-config), never misfire. */
const POLICY_CACHE_MS = 10 * 60_000;

export class DataProtectionRerunner implements BackupRerunner {
  private readonly policies = new Map<string, { readonly options: RerunOptions; readonly until: number }>();

  constructor(private readonly client: DataProtectionClient) {}

  async instance(instanceId: string): Promise<RerunInstance | undefined> {
    try {
      const bi = await this.client.getBackupInstance(instanceId);
      return { protectionState: readProtection(bi.properties).state, policyId: bi.properties.policyInfo.policyId };
    } catch (e) {
      if (restStatus(e) === 404) return undefined;
      throw e;
    }
  }

  /** The policy's backup rule, and the retention tag its schedule marks as default (facts §1.6). */
  async rerunOptions(policyId: string): Promise<RerunOptions> {
    const cached = this.policies.get(policyId.toLowerCase());
    if (cached && cached.until > Date.now()) return cached.options;
    const options = await this.readOptions(policyId);
    this.policies.set(policyId.toLowerCase(), { options, until: Date.now() + POLICY_CACHE_MS });
    return options;
  }

  private async readOptions(policyId: string): Promise<RerunOptions> {
    const policy = await this.client.getPolicy(policyId);
    const rule = policy.properties.policyRules.find(isBackupRule);
    if (!rule) throw new RerunStartError('InvalidPolicy', `policy ${policyId} has no backup rule`, true);
    const tags = isScheduleTrigger(rule.trigger) ? (rule.trigger.taggingCriteria ?? []) : [];
    const tag = tags.find((t) => t.isDefault)?.tagInfo.tagName ?? 'Default';
    return { ruleName: rule.name, retentionTag: tag };
  }

  async startBackup(instanceId: string, options: RerunOptions): Promise<string> {
    try {
      const result = await this.client.adhocBackup(instanceId, {
        backupRuleOptions: { ruleName: options.ruleName, triggerOption: { retentionTagOverride: options.retentionTag } },
      });
      if (!result.jobId) throw new RerunStartError(undefined, 'the on-demand backup operation returned no job id', false);
      // The operation may name the job by GUID only: make it the job's ARM id under the instance's vault.
      return result.jobId.includes('/') ? result.jobId : `${vaultOf(instanceId)}/backupJobs/${result.jobId}`;
    } catch (e) {
      if (e instanceof RerunStartError) throw e;
      if (isRestError(e)) {
        const refused =
          e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500 && e.statusCode !== 408 && e.statusCode !== 429;
        throw new RerunStartError(e.code, e.message, refused, { cause: e });
      }
      // An LRO that ended Failed (core-lro throws a plain Error): the job may exist, so it is not a refusal.
      throw new RerunStartError(codeOf(e), (e as Error).message, false, { cause: e });
    }
  }

  async job(jobId: string): Promise<JobFact | undefined> {
    try {
      return toJobFact(await this.client.getJob(jobId));
    } catch (e) {
      if (restStatus(e) === 404) return undefined;
      throw e;
    }
  }
}

const vaultOf = (instanceId: string): string => instanceId.replace(/\/backupInstances\/[^/]+\/?$/i, '');

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
