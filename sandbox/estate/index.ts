// The simulated Azure estate: one loopback HTTPS origin serving ARM (DataProtection, AKS), Resource Graph,
// Log Analytics, an Event Grid topic and the Teams/email sinks, with runtime knobs for faults and limits.
// Used by `npm start` (local mode), integration tests and benchmarks.
import { httpControlRoutes } from './http/controlRoutes.js';
import type { FaultInjector } from './http/faults.js';
import type { LatencyControl } from './http/latency.js';
import type { OperationSettings } from './http/operations.js';
import type { RequestLog } from './http/requestLog.js';
import { startEstateServer } from './http/server.js';
import type { ArmThrottle } from './http/throttle.js';
import { EventGrid, eventGridRoutes } from './services/eventGrid.js';
import { createEstateModel, loadScenario, modelRoutes, type EstateModel, type ScenarioInput } from './services/index.js';
import { Sinks, sinkRoutes } from './services/sinks.js';

export type { EstateModel, Scenario, ScenarioInput } from './services/index.js';
export type { FaultKind, FaultRule, FaultRuleInput } from './http/faults.js';
export type { LoggedRequest, RequestSummary } from './http/requestLog.js';
export type { BucketLimits, ThrottleLimits } from './http/throttle.js';
export type { DeadLetter, DeliveryAttempt, EventSubscription, ReceivedEvent } from './services/eventGrid.js';
export type { EmailMessage, TeamsMessage } from './services/sinkMessages.js';
export type { EventGrid, FaultInjector, LatencyControl, OperationSettings, RequestLog, ArmThrottle, Sinks };

export interface StartEstateOptions {
  /** Path to a scenario JSON, or the object; default: sandbox/scenarios/default.json. */
  scenario?: string | ScenarioInput;
  /** Port on 127.0.0.1; default 0 (random). */
  port?: number;
  /** Default latency for every service in ms (default 0). */
  latencyMs?: number;
  /** ARM throttle model (default true). */
  throttle?: boolean;
  /** Retry-After on LRO responses (default 0, so SDK pollers do not sleep). */
  lroRetryAfterSeconds?: number;
  log?: (line: string) => void;
}

export interface EstateEndpoints {
  readonly resourceManager: string;
  /** Same origin as resourceManager, as in Azure (management.azure.com). */
  readonly resourceGraph: string;
  /** `${url}/v1`: LogsQueryClient's `endpoint` replaces the whole base URL including /v1. */
  readonly logAnalytics: string;
  /** Full publish URL for EventGridPublisherClient. */
  readonly eventGridTopic: string;
  readonly eventGridTopicKey: string;
  readonly teamsWebhook: string;
  /** ACS endpoint; the client appends /emails:send. */
  readonly acsEmail: string;
}

export interface EstateControl {
  readonly faults: FaultInjector;
  readonly latency: LatencyControl;
  readonly throttle: ArmThrottle;
  /** LRO pacing: Retry-After seconds and polls before an operation finishes. */
  readonly operations: OperationSettings;
  readonly requests: RequestLog;
  readonly eventGrid: EventGrid;
  readonly sinks: Sinks;
  /** Forget the request log (benchmarks call this between phases). */
  resetRequests(): void;
}

export interface Estate {
  readonly url: string;
  /** PEM to trust: pass as `tlsOptions: { ca }` to Azure SDK clients. */
  readonly ca: string;
  readonly endpoints: EstateEndpoints;
  readonly model: EstateModel;
  readonly control: EstateControl;
  /** Closes sockets, timers and in-flight deliveries; leaves nothing running. */
  close(): Promise<void>;
}

export const EVENT_GRID_TOPIC = 'autopilot';
export const TEAMS_FLOW_ID = 'backup-autopilot-alerts';

export async function startEstate(options: StartEstateOptions = {}): Promise<Estate> {
  // Load the scenario first: a bad file should fail before a port is taken.
  const model = createEstateModel(loadScenario(options.scenario));
  const server = await startEstateServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    latencyMs: options.latencyMs ?? 0,
    throttle: options.throttle ?? true,
    lroRetryAfterSeconds: options.lroRetryAfterSeconds ?? 0,
    // Operation start/end times follow simulated time, like every other timestamp the estate reports.
    now: () => model.clock.now(),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const eventGrid = new EventGrid({ ca: server.ca, ...(options.log === undefined ? {} : { log: options.log }) });
  const sinks = new Sinks();
  server.addRoutes([
    ...httpControlRoutes(server),
    ...eventGridRoutes(eventGrid),
    ...sinkRoutes(sinks, server.kit),
    ...modelRoutes(model, server.kit),
  ]);

  const { url } = server;
  let closing: Promise<void> | undefined;
  return {
    url,
    ca: server.ca,
    endpoints: {
      resourceManager: url,
      resourceGraph: url,
      logAnalytics: `${url}/v1`,
      eventGridTopic: `${url}/eventgrid/topics/${EVENT_GRID_TOPIC}/api/events`,
      eventGridTopicKey: server.sasKey,
      teamsWebhook: `${url}/teams/workflows/${TEAMS_FLOW_ID}`,
      acsEmail: `${url}/acs`,
    },
    model,
    control: {
      faults: server.faults,
      latency: server.latency,
      throttle: server.throttle,
      operations: server.operations,
      requests: server.requests,
      eventGrid,
      sinks,
      resetRequests: () => server.requests.reset(),
    },
    close: () => {
      // Deliveries first (they may target the estate itself), then the listener.
      closing ??= eventGrid.close().then(() => server.close());
      return closing;
    },
  };
}
