// In-memory implementations of the product's OWN ports (shared/usecases/ports.ts, remediationPorts.ts) for use-case
// tests. Nothing here fakes an Azure SDK client: the adapters are tested against the estate and Azurite instead.
export { FailNext } from './failures.js';
export { failedJob, instanceId, job, jobArmId, POLICY_ID, SUBSCRIPTION, VAULT_ID } from './jobs.js';
export { HOUR, ManualClock, MINUTE } from './manualClock.js';
export { MemoryEventPublisher } from './memoryEventPublisher.js';
export { MemoryFleet, noBlobSources } from './memoryFleet.js';
export { MemoryJobFeed } from './memoryJobFeed.js';
export { MemoryJobLogs } from './memoryJobLogs.js';
export { MemoryRerunner, type StartOutcome } from './memoryRerunner.js';
export { MemoryEmailSender, MemoryTeamsSender } from './memorySenders.js';
export { MemoryStateStore } from './memoryStateStore.js';
