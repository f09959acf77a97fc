// The features an operator can switch off (FEATURES_OFF) and the settings each one needs. Every feature that is on is
// checked when the worker starts (functions/index.ts), so a deployment missing, say, the Event Grid topic refuses to
// start naming it instead of saying "ready" and failing every timer tick at night. GET /api/rpo is the core: it needs
// only the subscriptions and the ARM endpoint, and cannot be switched off.
import type { z } from 'zod';
import { csv } from './fields.js';

export const FEATURES = ['rpo-timer', 'job-watch', 'job-logs', 'alert-ingest', 'remediation', 'notifications'] as const;
export type Feature = (typeof FEATURES)[number];

/** The functions of each feature: when it is off they log once that it is off and do nothing. */
export const FEATURE_FUNCTIONS: Readonly<Record<Feature, readonly string[]>> = {
  'rpo-timer': ['rpoCheckTimer'],
  'job-watch': ['jobWatchTimer'],
  'job-logs': ['jobLogsTimer'],
  'alert-ingest': ['alertIngest'],
  remediation: ['remediateBackupFailure', 'rerunFollowTimer'],
  notifications: ['notifyIncident', 'notificationOutboxTimer'],
};

const known = (name: string): name is Feature => (FEATURES as readonly string[]).includes(name);

export const featuresShape = {
  FEATURES_OFF: csv
    .transform((names) => names.map((n) => n.toLowerCase()))
    .superRefine((names, ctx) => {
      const unknown = names.filter((n) => n !== 'all' && !known(n));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown feature ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${FEATURES.join(', ')} (or all)`,
        });
      }
    })
    .transform((names): ReadonlySet<Feature> => new Set(names.includes('all') ? FEATURES : names.filter(known))),
};

type Raw = z.output<z.ZodObject<typeof featuresShape>>;

export function featuresSection(s: Raw) {
  return { off: s.FEATURES_OFF, on: FEATURES.filter((f) => !s.FEATURES_OFF.has(f)) } as const;
}
