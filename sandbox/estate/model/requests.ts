// Request bodies of the DataProtection actions, validated the way the service does: required fields and enums,
// with the failing field named (the product under test must see which part of its request is wrong).
import { z } from 'zod';
import { ModelError } from './errors.js';

const triggerBackup = z.object({
  backupRuleOptions: z.object({
    ruleName: z.string().min(1),
    triggerOption: z.object({ objectType: z.string().optional(), retentionTagOverride: z.string().min(1).optional() }),
  }),
});

const datasourceInfo = z.looseObject({
  objectType: z.string().optional(),
  datasourceType: z.string().min(1),
  resourceID: z.string().min(1),
  resourceName: z.string().optional(),
  resourceType: z.string().optional(),
  resourceLocation: z.string().optional(),
  resourceUri: z.string().optional(),
});

const criteria = z.looseObject({
  objectType: z.literal('KubernetesClusterRestoreCriteria'),
  includeClusterScopeResources: z.boolean(),
  includedNamespaces: z.array(z.string()).optional(),
  excludedNamespaces: z.array(z.string()).optional(),
  includedResourceTypes: z.array(z.string()).optional(),
  excludedResourceTypes: z.array(z.string()).optional(),
  labelSelectors: z.array(z.string()).optional(),
  namespaceMappings: z.record(z.string(), z.string()).optional(),
  conflictPolicy: z.enum(['Skip', 'Patch']).optional(),
  persistentVolumeRestoreMode: z.enum(['RestoreWithVolumeData', 'RestoreWithoutVolumeData']).optional(),
});

const restoreRequest = z.looseObject({
  objectType: z.literal('AzureBackupRecoveryPointBasedRestoreRequest'),
  recoveryPointId: z.string().min(1),
  sourceDataStoreType: z.enum(['OperationalStore', 'VaultStore', 'ArchiveStore']),
  sourceResourceId: z.string().optional(),
  identityDetails: z
    .looseObject({ useSystemAssignedIdentity: z.boolean().optional(), userAssignedIdentityArmUrl: z.string().optional() })
    .optional(),
  restoreTargetInfo: z.looseObject({
    objectType: z.literal('ItemLevelRestoreTargetInfo'),
    recoveryOption: z.literal('FailIfExists'),
    restoreLocation: z.string().optional(),
    datasourceInfo,
    restoreCriteria: z.array(criteria).min(1),
  }),
});

const sync = z.object({ syncType: z.enum(['Default', 'ForceResync']).optional() });

export type TriggerBackupRequest = z.infer<typeof triggerBackup>;
export type RestoreRequest = z.infer<typeof restoreRequest>;
export type RestoreCriteria = z.infer<typeof criteria>;

function parse<T>(schema: z.ZodType<T>, body: unknown, prefix = ''): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const joined = (issue?.path ?? []).map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
  const field = joined === '' ? prefix.replace(/\.$/, '') || 'request body' : prefix + joined;
  throw new ModelError(400, 'UserErrorInvalidRequestParameter', `Invalid value for '${field}': ${issue?.message ?? 'invalid'}.`, field);
}

export const parseTriggerBackup = (body: unknown): TriggerBackupRequest => parse(triggerBackup, body);
export const parseRestoreRequest = (body: unknown, prefix = ''): RestoreRequest => parse(restoreRequest, body, prefix);
export const parseSync = (body: unknown): z.infer<typeof sync> => parse(sync, body);

/** validateRestore wraps the same object: `{ restoreRequestObject: … }`. */
export function parseValidateRestore(body: unknown): RestoreRequest {
  const wrapper = parse(z.object({ restoreRequestObject: z.unknown().refine((v) => v !== undefined, 'Required') }), body);
  return parseRestoreRequest(wrapper.restoreRequestObject, 'restoreRequestObject.');
}
