// Azure Resource Graph is one POST (`/providers/Microsoft.ResourceGraph/resources`), so it rides on the shared ARM
// transport instead of a separate SDK (@azure/arm-resourcegraph 5 needs Node 22; 4.x is on a retired runtime).
// Same pipeline, same retries and Retry-After handling, same call meter.
import type { ArmTransport } from './armTransport.js';

export const RESOURCE_GRAPH_API_VERSION = '2024-04-01';

interface QueryResponse<T> {
  readonly totalRecords?: number;
  readonly count?: number;
  readonly resultTruncated?: 'true' | 'false';
  readonly $skipToken?: string;
  readonly data: T[];
}

export class ResourceGraphClient {
  constructor(
    private readonly arm: ArmTransport,
    /** Rows per page; the service caps it at 1000. */
    private readonly pageSize = 1000,
  ) {}

  /**
   * Every row of a query over the given subscriptions, following `$skipToken`. Rows come back as objects
   * (`resultFormat: objectArray`). A query whose rows carry no `id` column cannot be paged by the service; when such a
   * result is truncated this throws rather than silently returning part of the fleet.
   */
  async query<T>(query: string, subscriptions: readonly string[]): Promise<T[]> {
    const rows: T[] = [];
    let skipToken: string | undefined;
    do {
      const page = await this.arm.post<QueryResponse<T>>(
        '/providers/Microsoft.ResourceGraph/resources',
        {
          subscriptions,
          query,
          options: { $top: this.pageSize, resultFormat: 'objectArray', ...(skipToken ? { $skipToken: skipToken } : {}) },
        },
        { 'api-version': RESOURCE_GRAPH_API_VERSION },
      );
      rows.push(...page.data);
      skipToken = page.$skipToken;
      if (!skipToken && page.resultTruncated === 'true') {
        throw new Error(`Resource Graph truncated the result at ${rows.length} rows and gave no $skipToken: project an id column`);
      }
    } while (skipToken);
    return rows;
  }
}
