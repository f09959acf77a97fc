// The one place that turns settings into real clients. Every client is built once per process, on first use, from
// one options bag (identity, extra CA, HTTP policy), so a function invocation pays for it only on a cold start. The
// local host may replace the clock before that.
//
// Nothing here loads an Azure SDK: each adapter imports its SDK with import() when it first talks to Azure, so
// importing the function entries (what a cold instance does before its first invocation) costs @azure/functions and
// zod, and GET /api/rpo then loads the ARM pipeline only (test/e2e/coldStart.e2e.test.ts holds both to it).
import { ArmTransport } from './adapters/arm/armTransport.js';
import { BlobSourceReader } from './adapters/storage/blobSources.js';
import { DataProtectionClient } from './adapters/dataProtection/client.js';
import { DataProtectionInventory } from './adapters/dataProtection/inventory.js';
import { createCredential } from './adapters/arm/credential.js';
import { AcsEmailSender } from './adapters/messaging/emailAcs.js';
import { EventGridEventPublisher } from './adapters/messaging/eventPublisher.js';
import { TeamsWebhookSender } from './adapters/messaging/teamsWebhook.js';
import { ResourceGraphJobFeed } from './adapters/arm/jobFeed.js';
import { DataProtectionVaultJobs } from './adapters/arm/jobFeedVaults.js';
import { LogAnalyticsJobLogs } from './adapters/logAnalytics.js';
import { DataProtectionRerunner } from './adapters/arm/jobFeedDataProtection.js';
import { ResourceGraphFleet } from './adapters/arm/fleetResourceGraph.js';
import { ResourceGraphClient } from './adapters/arm/resourceGraph.js';
import { BlobStateStore, resolveStateLocation } from './adapters/storage/stateStore.js';
import { BlobAccounts } from './adapters/storage/blobAccounts.js';
import { adapterOptions, trustFor } from './adapters/options.js';
import { systemClock, type Clock } from './clock.js';
import { parseConfig, type AppConfig } from './config/index.js';
import { BlobSourceChecker } from './usecases/rpo/blobSources.js';
import { IncidentIntake } from './usecases/notify/incidentIntake.js';
import { NotificationOutbox } from './usecases/notify/notificationOutbox.js';
import { RpoOverviewReader } from './usecases/rpo/rpoOverview.js';
import type { EventPublisher, StateStore } from './usecases/ports.js';
import { RpoMonitor } from './usecases/rpo/rpoMonitor.js';
import { RpoReporter } from './usecases/rpo/rpoReport.js';
import { AlertIngest } from './usecases/detection/alertIngest.js';
import { JobLogsDetector } from './usecases/detection/jobLogs.js';
import { CheckedJobFeed } from './usecases/detection/jobFeedCheck.js';
import { JobWatch } from './usecases/detection/jobWatch.js';
import { Remediator } from './usecases/remediation/remediation.js';
import { RerunFollower } from './usecases/remediation/rerunFollow.js';
import { once } from './util/once.js';

export interface Services {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly dataProtection: DataProtectionClient;
  readonly resourceGraph: ResourceGraphClient;
  readonly rpoReporter: RpoReporter;
  // Built on first use: each needs settings (state account, topic) that the on-demand check alone does not, and
  // throws a ConfigError naming them when they are missing.
  readonly stateStore: StateStore;
  readonly eventPublisher: EventPublisher;
  readonly blobSources: BlobSourceChecker;
  /** GET /api/rpo: instances and blob-landed backups. */
  readonly rpoOverview: RpoOverviewReader;
  readonly rpoMonitor: RpoMonitor;
  /** Incidents from events (notifyIncident) and the notification outbox (notificationOutboxTimer). */
  readonly incidentIntake: IncidentIntake;
  readonly notificationOutbox: NotificationOutbox;
  /** Re-run policy for failed backups (remediateBackupFailure) and its follow-up (rerunFollowTimer). */
  readonly remediator: Remediator;
  readonly rerunFollower: RerunFollower;
  /** Failed and completed jobs from Resource Graph since the watermark (jobWatchTimer). */
  readonly jobWatch: JobWatch;
  /** Azure Monitor alerts (common alert schema) → JobFailed events (alertIngest). */
  readonly alertIngest: AlertIngest;
  /** Failed jobs and sliding-window thresholds from Log Analytics (jobLogsTimer). */
  readonly jobLogs: JobLogsDetector;
  /** ARM requests sent by this process so far (every attempt, every page). */
  armCalls(): number;
}

export interface HostOverrides {
  /** The simulated estate's clock, when running locally against it. */
  readonly clock?: Clock;
}

let overrides: HostOverrides = {};
let built: Services | undefined;

/** Lets a host (the local one) supply its clock; only before the services are first built. */
export function configureHost(next: HostOverrides): void {
  if (built) throw new Error('configureHost must be called before the first function runs');
  overrides = next;
}

export function services(): Services {
  built ??= buildServices(parseConfig(), overrides);
  return built;
}

export function buildServices(config: AppConfig, host: HostOverrides = {}): Services {
  const clock = host.clock ?? systemClock;
  const options = adapterOptions(config, createCredential(config.auth));
  let armCalls = 0;
  const arm = new ArmTransport(
    {
      endpoint: config.arm.endpoint,
      scope: config.arm.scope,
      apiVersion: config.arm.dataProtectionApiVersion,
      pollIntervalMs: config.remediation.lroPollMs,
      onRequest: () => void armCalls++,
    },
    options,
  );
  const dataProtection = new DataProtectionClient(arm);
  const resourceGraph = new ResourceGraphClient(arm);
  // Not a client but a per-check cache of policies and clusters over the one DataProtection client: one per check.
  const inventory = (): DataProtectionInventory =>
    new DataProtectionInventory(dataProtection, arm, config.subscriptionIds, config.http.concurrency);
  const rerunner = new DataProtectionRerunner(dataProtection);
  const rpoReporter = new RpoReporter(
    { inventory, fleet: new ResourceGraphFleet(resourceGraph, config.subscriptionIds), armCalls: () => armCalls },
    clock,
    { ...config.rpo, concurrency: config.http.concurrency },
  );
  const stateLocation = once(() => resolveStateLocation(config.monitor.state));
  const blobAccounts = new BlobAccounts(stateLocation, options);
  const stateStore = once(() => {
    stateLocation(); // a missing state setting is named when a feature needing state is built, not on its first read
    return new BlobStateStore(async () => (await blobAccounts.client()).getContainerClient(config.monitor.state.container));
  });
  const eventPublisher = once(() => new EventGridEventPublisher({ endpoint: config.eventGridTopicEndpoint }, options));
  const blobSources = once(() => new BlobSourceChecker(new BlobSourceReader(blobAccounts), config.monitor.blobSources, clock, config.rpo));
  const rpoMonitor = once(
    () => new RpoMonitor({ fleet: rpoReporter, blobSources: blobSources(), store: stateStore(), publisher: eventPublisher(), clock }),
  );
  // Every detector reads jobs through the cross-checked feed: Resource Graph, verified against and backed by the
  // DataProtection API (shared/usecases/detection/jobFeedCheck.ts).
  const jobFeed = once(
    () =>
      new CheckedJobFeed({
        graph: new ResourceGraphJobFeed(resourceGraph, config.subscriptionIds),
        inventory,
        vaults: new DataProtectionVaultJobs(dataProtection),
        concurrency: config.http.concurrency,
      }),
  );
  const remediator = once(
    () =>
      new Remediator({
        store: stateStore(),
        publisher: eventPublisher(),
        feed: jobFeed(),
        rerunner,
        clock,
        policy: config.remediation,
      }),
  );
  const jobWatch = once(
    () =>
      new JobWatch({
        feed: jobFeed(),
        store: stateStore(),
        publisher: eventPublisher(),
        clock,
        lookbackMs: config.remediation.jobWatch.lookbackMs,
      }),
  );
  const alertIngest = once(
    () => new AlertIngest({ feed: jobFeed(), jobs: rerunner, publisher: eventPublisher(), concurrency: config.http.concurrency }),
  );
  const jobLogs = once(() => {
    const { windowMs, minSamples, backupSuccessRate, backupDurationMs, restoreSuccessRate } = config.remediation.jobLogs;
    const { endpoint, scope, workspaceId } = config.logAnalytics;
    return new JobLogsDetector({
      logs: new LogAnalyticsJobLogs({ endpoint, scope, workspaceId }, options),
      store: stateStore(),
      publisher: eventPublisher(),
      clock,
      windowMs,
      thresholds: { minSamples, backupSuccessRate, backupDurationMs, restoreSuccessRate },
    });
  });
  const rerunFollower = once(
    () =>
      new RerunFollower({
        store: stateStore(),
        publisher: eventPublisher(),
        rerunner,
        remediator: remediator(),
        clock,
        followTimeoutMs: config.remediation.followTimeoutMs,
      }),
  );
  const notificationOutbox = once(() => {
    const { notify } = config;
    return new NotificationOutbox({
      store: stateStore(),
      clock,
      // The extra CA reaches Teams and ACS only when they are on loopback (the simulated estate's sinks).
      teams: notify.teams.webhook
        ? new TeamsWebhookSender({ webhook: notify.teams.webhook }, trustFor(options, notify.teams.webhook.reveal()))
        : undefined,
      email: notify.email ? new AcsEmailSender(notify.email, trustFor(options, notify.email.endpoint)) : undefined,
      settings: {
        portalUrl: notify.portalUrl,
        reminderEveryMs: notify.reminderEveryMs,
        digestThreshold: notify.digestThreshold,
        teamsPerSecond: notify.teams.maxPerSecond,
        teamsDigestThreshold: notify.teams.digestThreshold,
        backoff: { baseMs: notify.retryBaseMs, maxMs: notify.retryMaxMs },
      },
    });
  });
  const incidentIntake = once(
    () => new IncidentIntake({ store: stateStore(), clock, outbox: notificationOutbox(), watchedSubscriptions: config.subscriptionIds }),
  );
  return {
    config,
    clock,
    dataProtection,
    resourceGraph,
    rpoReporter,
    // Burst reuse runs on the real clock: it is about callers' wall time, not the (possibly simulated) estate's.
    rpoOverview: new RpoOverviewReader(rpoReporter, blobSources, systemClock, config.rpo.httpReuseMs),
    armCalls: () => armCalls,
    get stateStore() {
      return stateStore();
    },
    get eventPublisher() {
      return eventPublisher();
    },
    get blobSources() {
      return blobSources();
    },
    get rpoMonitor() {
      return rpoMonitor();
    },
    get incidentIntake() {
      return incidentIntake();
    },
    get notificationOutbox() {
      return notificationOutbox();
    },
    get remediator() {
      return remediator();
    },
    get rerunFollower() {
      return rerunFollower();
    },
    get jobWatch() {
      return jobWatch();
    },
    get alertIngest() {
      return alertIngest();
    },
    get jobLogs() {
      return jobLogs();
    },
  };
}
