// The one place that turns settings into real clients. Everything is built once per process, on first use, so a
// function invocation pays for it only on a cold start. The local host may replace the clock before that.
import type { TokenCredential } from '@azure/core-auth';
import { ArmTransport } from './adapters/armTransport.js';
import { DataProtectionClient } from './adapters/dataProtection/client.js';
import { DataProtectionInventory } from './adapters/dataProtection/inventory.js';
import { createCredential } from './adapters/credential.js';
import { ResourceGraphClient } from './adapters/resourceGraph.js';
import { systemClock, type Clock } from './clock.js';
import { parseConfig, type AppConfig } from './config.js';
import { RpoReporter } from './usecases/rpoReport.js';

export interface Services {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly dataProtection: DataProtectionClient;
  readonly resourceGraph: ResourceGraphClient;
  readonly rpoReporter: RpoReporter;
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
  const credential: TokenCredential = createCredential(config.auth);
  const clock = host.clock ?? systemClock;
  let armCalls = 0;
  const arm = new ArmTransport({
    endpoint: config.arm.endpoint,
    credential,
    scope: config.arm.scope,
    apiVersion: config.arm.dataProtectionApiVersion,
    caPem: config.extraCaPem,
    maxRetries: config.http.maxRetries,
    retryDelayMs: config.http.retryDelayMs,
    timeoutMs: config.http.timeoutMs,
    onRequest: () => void armCalls++,
  });
  const dataProtection = new DataProtectionClient(arm);
  const rpoReporter = new RpoReporter(
    () => new DataProtectionInventory(dataProtection, config.subscriptionIds, config.http.concurrency),
    clock,
    { ...config.rpo, concurrency: config.http.concurrency },
  );
  return { config, clock, dataProtection, resourceGraph: new ResourceGraphClient(arm), rpoReporter, armCalls: () => armCalls };
}
