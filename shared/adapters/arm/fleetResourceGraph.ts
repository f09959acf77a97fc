// FleetReader over Azure Resource Graph: four queries, run at once, describe the whole fleet — backup instances,
// their backup job summary, their policies' schedules and their clusters' tags — in a handful of paged POSTs,
// whatever the number of instances. Clusters outside the watched subscriptions are looked up in their own.
import type { FastFacts } from '../../domain/rpo/rpoEvidence.js';
import type { ScheduleFact, Tags } from '../../domain/rpo/rpoTarget.js';
import type { FleetInstanceFact, FleetReader, FleetSnapshot } from '../../usecases/ports.js';
import { scheduleOfRules, toFact } from '../dataProtection/inventory.js';
import type { PolicyRule } from '../dataProtection/types.js';
import {
  CLUSTERS_QUERY,
  INSTANCES_QUERY,
  JOBS_QUERY,
  POLICIES_QUERY,
  type ClusterRow,
  type InstanceRow,
  type JobSummaryRow,
  type PolicyRow,
} from './fleetQueries.js';
import type { ResourceGraphClient } from './resourceGraph.js';

const NO_JOBS: FastFacts = { lastSuccess: undefined, lastJob: undefined, lastUnsettled: undefined };

export class ResourceGraphFleet implements FleetReader {
  constructor(
    private readonly graph: ResourceGraphClient,
    private readonly subscriptionIds: readonly string[],
  ) {}

  async snapshot(): Promise<FleetSnapshot> {
    const [instances, jobs, policies, clusters] = await Promise.all([
      this.graph.query<InstanceRow>(INSTANCES_QUERY, this.subscriptionIds),
      this.graph.query<JobSummaryRow>(JOBS_QUERY, this.subscriptionIds),
      this.graph.query<PolicyRow>(POLICIES_QUERY, this.subscriptionIds),
      this.graph.query<ClusterRow>(CLUSTERS_QUERY, this.subscriptionIds),
    ]);
    const clusterTags = new Map(clusters.map((c) => [c.id.toLowerCase(), c.tags ?? {}]));
    await this.addClustersElsewhere(instances, clusterTags);
    const jobsById = new Map(jobs.map((j) => [j.id.toLowerCase(), j]));
    return {
      instances: instances.map((row) => toFleetFact(row, jobsById.get(row.id.toLowerCase()), clusterTags)),
      schedules: new Map<string, ScheduleFact | undefined>(
        policies.map((p) => [p.id.toLowerCase(), scheduleOfRules(Array.isArray(p.policyRules) ? (p.policyRules as PolicyRule[]) : [])]),
      ),
    };
  }

  /** A vault may protect a cluster of another subscription; query those subscriptions too (rare: one more query). */
  private async addClustersElsewhere(instances: readonly InstanceRow[], clusterTags: Map<string, Tags>): Promise<void> {
    const watched = new Set(this.subscriptionIds.map((s) => s.toLowerCase()));
    const others = new Set<string>();
    for (const i of instances) {
      const sub = /^\/subscriptions\/([^/]+)\//i.exec(i.clusterId)?.[1]?.toLowerCase();
      if (sub && !watched.has(sub) && !clusterTags.has(i.clusterId.toLowerCase())) others.add(sub);
    }
    if (others.size === 0) return;
    for (const c of await this.graph.query<ClusterRow>(CLUSTERS_QUERY, [...others])) clusterTags.set(c.id.toLowerCase(), c.tags ?? {});
  }
}

function toFleetFact(row: InstanceRow, jobs: JobSummaryRow | undefined, clusterTags: ReadonlyMap<string, Tags>): FleetInstanceFact {
  const fact = toFact({
    id: row.id,
    name: row.name,
    tags: row.tags ?? undefined,
    properties: {
      currentProtectionState: row.state || undefined,
      protectionErrorDetails: row.protectionErrorDetails ?? undefined,
      protectionStatus: { status: row.status || undefined, errorDetails: row.statusErrorDetails ?? undefined },
      dataSourceInfo: { resourceID: row.clusterId, resourceName: row.clusterName || undefined },
      policyInfo: { policyId: row.policyId },
    },
  });
  const tags = clusterTags.get(row.clusterId.toLowerCase());
  return {
    ...fact,
    clusterTags: tags,
    clusterTagsError: tags ? undefined : 'the cluster is not in Resource Graph (deleted, or no read access to it)',
    fast: jobs ? { lastSuccess: date(jobs.lastSuccess), lastJob: date(jobs.lastJob), lastUnsettled: date(jobs.lastUnsettled) } : NO_JOBS,
  };
}

/** Resource Graph writes an aggregate over no rows as null (or an empty string, depending on the column type). */
function date(text: string | null | undefined): Date | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
