// Names of what a drill creates. Kubernetes namespace names are DNS-1123 labels (≤ 63 characters, lower-case
// alphanumerics and `-`), so the source name is shortened, never the drill id: the id is what proves ownership.
export const VALIDATION_PREFIX = 'validation-';
/** Label on every namespace a drill creates; its value is the drill id. Only labelled namespaces are ever deleted. */
export const DRILL_LABEL = 'autopilot.drill';

const MAX_NAMESPACE = 63;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A drill id: short, lower-case, DNS-safe (derived from the instance and period so a re-run computes the same one). */
export function drillId(instanceHash: number, period: string, attempt = 0): string {
  const base = instanceHash.toString(36).padStart(7, '0');
  const suffix = period.toLowerCase().replace(/[^a-z0-9]/g, '');
  return attempt === 0 ? `${base}${suffix}` : `${base}${suffix}r${attempt}`;
}

export function isDnsLabel(name: string): boolean {
  return name.length <= MAX_NAMESPACE && DNS_LABEL.test(name);
}

/** `validation-<ns>-<drill id>`, with `<ns>` cut so the whole stays a valid namespace name. */
export function validationNamespace(sourceNamespace: string, id: string): string {
  const room = MAX_NAMESPACE - VALIDATION_PREFIX.length - 1 - id.length;
  const ns = sourceNamespace
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, Math.max(0, room))
    .replace(/-+$/, '');
  return ns.length > 0 ? `${VALIDATION_PREFIX}${ns}-${id}` : `${VALIDATION_PREFIX}${id}`;
}
