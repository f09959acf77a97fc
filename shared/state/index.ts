// The state primitive: typed, versioned documents over the StateStore port, updated by read → decide → conditional
// write under one retry policy; a lease (claim) helper and the detectors' watermark protocol on top.
export { decode, encode, fieldPath, StateDocumentError, type DocumentType } from './document.js';
export { Documents, keep, write, type CommitOptions, type Committed, type Decision, type Snapshot } from './documents.js';
export { LEASE, leaseHeld, Leases, type Lease } from './lease.js';
export { backoffMs, DEFAULT_RETRY, RetryExhaustedError, retryPolicy, type RetryPolicy } from './retry.js';
export { advanceWatermark, type Watermarked, type WindowOutcome } from './watermark.js';
