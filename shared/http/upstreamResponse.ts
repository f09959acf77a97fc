// Answers of the HTTP path that are not about the caller's input: an upstream Azure endpoint that is down,
// unreachable or untrusted (503 naming the setting to look at), and a feature switched off by the operator.
import type { HttpResponseInit } from '@azure/functions';
import type { UpstreamFailure } from '../adapters/arm/upstream.js';
import type { Feature } from '../config/features.js';

/** 503 JSON naming the setting: the endpoint's own (ARM_ENDPOINT, …), or EXTRA_CA_CERT_FILE for an untrusted certificate. */
export function upstreamResponse(f: UpstreamFailure): HttpResponseInit {
  return {
    status: 503,
    headers: { 'retry-after': String(f.retryAfterSeconds ?? 30) },
    jsonBody: {
      error: {
        code: f.kind === 'tls' ? 'UpstreamTlsFailure' : f.kind === 'credential' ? 'CredentialUnavailable' : 'UpstreamUnavailable',
        setting: f.setting,
        endpointSetting: f.endpointSetting,
        endpoint: f.endpoint,
        kind: f.kind,
        detail: f.detail,
        message: f.message,
      },
    },
  };
}

/** 404: the operator switched the feature off; a retry would not change that, so this is not a 503. */
export function featureOffResponse(feature: Feature): HttpResponseInit {
  return {
    status: 404,
    jsonBody: {
      error: { code: 'FeatureOff', setting: 'FEATURES_OFF', feature, message: `${feature} is switched off (FEATURES_OFF lists it)` },
    },
  };
}
