// How the estate words what it serves, and what its Resource Graph cannot see. Azure is not consistent with itself:
// the DataProtection spec's enum says Completed / InProgress, its own examples Succeeded / Started, Microsoft's
// generated docs Success; three of the four 2026-03-01 backup instance examples carry protectionStatus.status but no
// currentProtectionState. And Resource Graph answers 200 with no rows for a subscription the caller cannot read, and
// while it is still indexing. Both are runtime knobs, so one running estate can show a client every variant.
import { ModelError } from './errors.js';

export const JOB_COMPLETED_WORDS = ['Completed', 'Succeeded', 'Success'] as const;
export const JOB_RUNNING_WORDS = ['InProgress', 'Started'] as const;

export interface EstateWording {
  /** The status of a job that completed. */
  jobCompleted: (typeof JOB_COMPLETED_WORDS)[number];
  /** The status of a job still running. */
  jobInProgress: (typeof JOB_RUNNING_WORDS)[number];
  /** false: backup instances carry protectionStatus.status only, as most of the spec's examples do. */
  currentProtectionState: boolean;
}

export const DEFAULT_WORDING: Readonly<EstateWording> = {
  jobCompleted: 'Completed',
  jobInProgress: 'InProgress',
  currentProtectionState: true,
};

/** What Resource Graph leaves out of every table (clusters, vaults, policies, instances, jobs). */
export interface GraphBlindness {
  /** Nothing at all: every query answers 200 with no rows. */
  all: boolean;
  /** Lower-case subscription ids. */
  readonly subscriptions: Set<string>;
  /** Lower-case vault ids. */
  readonly vaults: Set<string>;
}

export const seesNothing = (): GraphBlindness => ({ all: false, subscriptions: new Set(), vaults: new Set() });

export function graphSees(blind: GraphBlindness, subscriptionId: string, vaultId?: string): boolean {
  if (blind.all || blind.subscriptions.has(subscriptionId.toLowerCase())) return false;
  return vaultId === undefined || !blind.vaults.has(vaultId.toLowerCase());
}

export interface BlindnessSpec {
  readonly all?: boolean | undefined;
  /** Subscription ids or names. */
  readonly subscriptions?: readonly string[] | undefined;
  /** Vault names (unique in the estate) or ids. */
  readonly vaults?: readonly string[] | undefined;
}

/** Replaces what Resource Graph cannot see; `{}` lets it see everything again. Unknown names are a 404. */
export function setBlindness(
  blind: GraphBlindness,
  spec: BlindnessSpec,
  resolve: { readonly subscription: (ref: string) => string | undefined; readonly vault: (ref: string) => string | undefined },
): void {
  const ids = (refs: readonly string[] | undefined, kind: string, find: (ref: string) => string | undefined): string[] =>
    (refs ?? []).map((ref) => {
      const id = find(ref);
      if (id === undefined) throw new ModelError(404, 'ResourceNotFound', `No ${kind} '${ref}' in the estate.`);
      return id.toLowerCase();
    });
  const subscriptions = ids(spec.subscriptions, 'subscription', resolve.subscription);
  const vaults = ids(spec.vaults, 'vault', resolve.vault);
  blind.all = spec.all ?? false;
  blind.subscriptions.clear();
  blind.vaults.clear();
  for (const s of subscriptions) blind.subscriptions.add(s);
  for (const v of vaults) blind.vaults.add(v);
}

export const blindnessJson = (blind: GraphBlindness): Record<string, unknown> => ({
  all: blind.all,
  subscriptions: [...blind.subscriptions],
  vaults: [...blind.vaults],
});
