// Microsoft.DataProtection POST actions on a backup instance: on-demand backup, validate restore, restore and sync.
// Malformed bodies and refusals are answered synchronously (400 naming the field); accepted requests become
// LROs whose final result is `{ objectType: 'OperationJobExtendedInfo', jobId }` with the new job's ARM id.
// The job is created when the request is accepted, so an injected LRO failure leaves the job behind, as an
// operation-tracking hiccup in Azure would.
import type { HttpKit } from '../http/context.js';
import type { EstateRequest, EstateResponse, Route } from '../http/types.js';
import { ModelError } from '../model/errors.js';
import type { EstateModel } from '../model/estate.js';
import { jobArmId } from '../model/jobViews.js';
import { parseRestoreRequest, parseSync, parseTriggerBackup, parseValidateRestore } from '../model/requests.js';
import type { InstanceState, JobRecord } from '../model/types.js';
import { apiVersionOf, armHandler, DATA_PROTECTION, type SyncHandler } from './arm.js';
import { requireInstance } from './armLookup.js';

const BI_PATH = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.DataProtection/backupVaults/:vault/backupInstances/:bi';

export function dataProtectionActionRoutes(model: EstateModel, kit: HttpKit): Route[] {
  const post = (action: string, handler: SyncHandler): Route => ({
    method: 'POST',
    pattern: `${BI_PATH}/${action}`,
    service: 'arm',
    auth: 'bearer',
    handler: armHandler(DATA_PROTECTION, handler),
  });
  const operation = (
    req: EstateRequest,
    instance: InstanceState,
    outcome: Parameters<HttpKit['startOperation']>[0]['outcome'],
  ): EstateResponse =>
    kit.startOperation({ scope: instance.vault.id, apiVersion: apiVersionOf(req) ?? '', style: 'dataProtection', request: req, outcome });
  const jobResult = (job: JobRecord) => () => ({
    status: 'Succeeded' as const,
    properties: { objectType: 'OperationJobExtendedInfo', jobId: jobArmId(job) },
  });

  return [
    post('backup', (req, p) => {
      const instance = requireInstance(model, p);
      const job = model.triggerAdhocBackup(instance, parseTriggerBackup(req.body));
      return operation(req, instance, jobResult(job));
    }),

    // Validation runs inside the operation, as the service does: a restore that would be refused fails the LRO.
    post('validateRestore', (req, p) => {
      const instance = requireInstance(model, p);
      const request = parseValidateRestore(req.body);
      let refusal: ModelError | undefined;
      try {
        model.validateRestore(instance, request, 'restoreRequestObject.');
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        refusal = error;
      }
      return operation(req, instance, () =>
        refusal
          ? { status: 'Failed', error: { code: refusal.code, message: refusal.message } }
          : { status: 'Succeeded', properties: { objectType: 'OperationJobExtendedInfo' } },
      );
    }),

    post('restore', (req, p) => {
      const instance = requireInstance(model, p);
      const job = model.triggerRestore(instance, parseRestoreRequest(req.body));
      return operation(req, instance, jobResult(job));
    }),

    post('sync', (req, p) => {
      const instance = requireInstance(model, p);
      parseSync(req.body);
      model.syncInstance(instance);
      return operation(req, instance, () => ({ status: 'Succeeded' }));
    }),
  ];
}
