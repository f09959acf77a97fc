// The scenario file: what the simulated Azure estate contains at clock start and how each backup instance behaves
// over time. Validated with zod so a typo fails fast with the field path; defaults keep hand-written files short.
import { z } from 'zod';
import { fixedMs, isTimeSpec, parseIsoDuration } from './time.js';
import { DEFAULT_WORDING, JOB_COMPLETED_WORDS, JOB_RUNNING_WORDS } from './wording.js';

export const BEHAVIOURS = ['healthy', 'failing', 'suspended', 'protectionError', 'protectionStopped'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,89}$/, 'must be a valid Azure resource name');
const tags = z.record(z.string(), z.string()).default({});
/** Absolute ISO instant or a signed ISO duration relative to the clock start ('-P3D', '-PT3H30M'). */
const timeSpec = z.string().refine(isTimeSpec, 'must be an ISO 8601 instant or a duration relative to clock start, e.g. -PT3H30M');
const duration = z.string().refine((t) => parseIsoDuration(t)?.sign === 1, 'must be a positive ISO 8601 duration, e.g. P7D');
const fixedDuration = z
  .string()
  .refine((t) => (fixedMs(t) ?? 0) > 0, 'must be a positive ISO 8601 duration without months or years, e.g. PT4H');

const resources = z
  .object({
    deployments: z.number().int().min(0).default(1),
    pods: z.number().int().min(0).default(2),
    services: z.number().int().min(0).default(1),
    configMaps: z.number().int().min(0).default(1),
    pvcs: z.number().int().min(0).default(0),
  })
  .strict();

const namespace = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label'),
    labels: tags,
    resources: resources.prefault({}),
  })
  .strict();

const cluster = z
  .object({
    name,
    /** Subscription id or name; default: the first subscription. */
    subscription: z.string().optional(),
    resourceGroup: name,
    location: z.string().default('westeurope'),
    tags,
    kubernetesVersion: z.string().default('1.32.7'),
    powerState: z.enum(['Running', 'Stopped']).default('Running'),
    createdAt: timeSpec.default('-P180D'),
    namespaces: z.array(namespace).default([]),
  })
  .strict();

const policy = z
  .object({
    name,
    /** AKS rule names: BackupHourly (PT4H/6H/8H/12H) or BackupDaily (P1D); derived from the interval when omitted. */
    rule: z.enum(['BackupHourly', 'BackupDaily']).optional(),
    interval: fixedDuration.default('PT4H'),
    anchor: timeSpec.default('-PT1H'),
    retention: duration.default('P7D'),
    description: z.string().optional(),
    /**
     * false: no principal may read this policy (a role without backupPolicies/read at its scope). GET answers 403,
     * lists and Resource Graph leave it out, as Azure does for resources the caller cannot read.
     */
    readable: z.boolean().default(true),
  })
  .strict();

const timelineEntry = z
  .object({
    from: timeSpec,
    behaviour: z.enum(BEHAVIOURS),
    failureCode: z.string().min(1).optional(),
    failureMessage: z.string().min(1).optional(),
    /** Reported as `isRetryable` on job errors (default true). */
    retryable: z.boolean().optional(),
    /** For protectionError: whether POST …/sync repairs it (default true). */
    fixedBySync: z.boolean().optional(),
  })
  .strict();

const instance = z
  .object({
    name,
    /** Cluster name (unique in the scenario) or ARM id. */
    cluster: z.string().min(1),
    policy: name,
    friendlyName: z.string().optional(),
    description: z.string().optional(),
    tags,
    createdAt: timeSpec.default('-P7D'),
    jobDuration: fixedDuration.default('PT6M'),
    includedNamespaces: z.array(z.string()).optional(),
    excludedNamespaces: z.array(z.string()).default([]),
    /** Resource group of disk snapshots; default '<cluster resource group>-snapshots'. */
    snapshotResourceGroup: name.optional(),
    /** Behaviour changes over time; before the first entry the instance is healthy. */
    timeline: z.array(timelineEntry).default([]),
  })
  .strict();

const vault = z
  .object({
    name,
    subscription: z.string().optional(),
    resourceGroup: name,
    location: z.string().default('westeurope'),
    tags,
    redundancy: z.enum(['LocallyRedundant', 'ZoneRedundant', 'GeoRedundant']).default('LocallyRedundant'),
    policies: z.array(policy).default([]),
    instances: z.array(instance).default([]),
  })
  .strict();

const share = z.number().min(0);
const generate = z
  .object({
    vaults: z.number().int().min(1),
    instancesPerVault: z.number().int().min(1),
    mix: z
      .object({
        healthy: share.default(0.85),
        failing: share.default(0.05),
        suspended: share.default(0.05),
        neverBackedUp: share.default(0.05),
      })
      .strict()
      .prefault({}),
    seed: z.number().int().default(1),
    location: z.string().default('westeurope'),
    subscription: z.string().optional(),
  })
  .strict();

const guid = z.guid();
const pageSize = z.number().int().min(1).max(1000);

export const scenarioSchema = z
  .object({
    name: z.string().default('scenario'),
    description: z.string().optional(),
    tenantId: guid.default('6b1f3c2e-8d4a-4f7b-9e21-3a5c7d9b0e14'),
    /** Fixed clock start (ISO instant); default: wall-clock now. */
    start: z.iso.datetime({ offset: true }).optional(),
    subscriptions: z
      .array(z.object({ id: guid, name: z.string().min(1) }).strict())
      .min(1)
      .default([{ id: '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90', name: 'default' }]),
    clusters: z.array(cluster).default([]),
    vaults: z.array(vault).default([]),
    logAnalytics: z
      .object({ workspaceId: guid.default('b5e7c3a9-2f41-4d8e-9a6b-0c1d2e3f4a5b'), ingestionLag: fixedDuration.default('PT20M') })
      .strict()
      .prefault({}),
    resourceGraph: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .prefault({}),
    pageSize: z
      .object({
        vaults: pageSize.default(50),
        instances: pageSize.default(50),
        policies: pageSize.default(50),
        recoveryPoints: pageSize.default(10),
        jobs: pageSize.default(50),
        clusters: pageSize.default(50),
      })
      .strict()
      .prefault({}),
    /** How long a restore job runs. */
    restoreDuration: fixedDuration.default('PT10M'),
    /** How job status and protection are worded (the spec's variants; also a runtime knob: PUT /_estate/wording). */
    wording: z
      .object({
        jobCompleted: z.enum(JOB_COMPLETED_WORDS).default(DEFAULT_WORDING.jobCompleted),
        jobInProgress: z.enum(JOB_RUNNING_WORDS).default(DEFAULT_WORDING.jobInProgress),
        currentProtectionState: z.boolean().default(DEFAULT_WORDING.currentProtectionState),
      })
      .strict()
      .prefault({}),
    generate: generate.optional(),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ClusterSpec = Scenario['clusters'][number];
export type NamespaceSpec = ClusterSpec['namespaces'][number];
export type ResourceCounts = NamespaceSpec['resources'];
export type VaultSpec = Scenario['vaults'][number];
export type PolicySpec = VaultSpec['policies'][number];
export type InstanceSpec = VaultSpec['instances'][number];
export type TimelineSpec = InstanceSpec['timeline'][number];
export type GenerateSpec = NonNullable<Scenario['generate']>;

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Validates a scenario object; errors list every problem with its field path (e.g. `vaults[0].policies[1].interval`). */
export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) throw new ScenarioError(`${source} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
