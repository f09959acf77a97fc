// The model's control API under /_estate/ (no auth): the simulated clock, instance behaviour and namespaces, the
// wording of job status and protection, what Resource Graph cannot see, and a scenario summary. Tests usually call the model in-process; scripts and humans use these routes.
import { z } from 'zod';
import type { EstateRequest, EstateResponse, Route } from '../http/types.js';
import type { EstateModel } from '../model/estate.js';
import { BEHAVIOURS } from '../model/scenario.js';
import { blindnessJson, JOB_COMPLETED_WORDS, JOB_RUNNING_WORDS } from '../model/wording.js';
import { catchModelErrors, ok, type SyncHandler } from './arm.js';

const advanceBody = z.union([z.object({ by: z.string().min(1) }).strict(), z.object({ to: z.iso.datetime({ offset: true }) }).strict()]);
const behaviourBody = z
  .object({
    instance: z.string().min(1),
    behaviour: z.enum(BEHAVIOURS),
    from: z.iso.datetime({ offset: true }).optional(),
    failureCode: z.string().min(1).optional(),
    failureMessage: z.string().min(1).optional(),
    retryable: z.boolean().optional(),
    fixedBySync: z.boolean().optional(),
  })
  .strict();
const namespaceBody = z
  .object({
    name: z.string().min(1),
    labels: z.record(z.string(), z.string()).optional(),
    resources: z
      .object({
        deployments: z.number().int().min(0),
        pods: z.number().int().min(0),
        services: z.number().int().min(0),
        configMaps: z.number().int().min(0),
        pvcs: z.number().int().min(0),
      })
      .partial()
      .optional(),
  })
  .strict();

const wordingBody = z
  .object({
    jobCompleted: z.enum(JOB_COMPLETED_WORDS).optional(),
    jobInProgress: z.enum(JOB_RUNNING_WORDS).optional(),
    currentProtectionState: z.boolean().optional(),
  })
  .strict();
const blindnessBody = z
  .object({
    all: z.boolean().optional(),
    subscriptions: z.array(z.string().min(1)).optional(),
    vaults: z.array(z.string().min(1)).optional(),
  })
  .strict();

export function controlRoutes(model: EstateModel): Route[] {
  const route = (method: Route['method'], pattern: string, handler: SyncHandler): Route => ({
    method,
    pattern,
    service: 'control',
    auth: 'none',
    handler: catchModelErrors(handler),
  });
  const clock = (): EstateResponse => ok({ now: model.clock.now().toISOString(), startedAt: model.clock.startedAt.toISOString() });

  return [
    route('GET', '/_estate/clock', clock),
    route('POST', '/_estate/clock/advance', (req) =>
      withBody(req, advanceBody, (b) => {
        try {
          if ('by' in b) model.advance(b.by);
          else model.clock.set(new Date(b.to));
        } catch (error) {
          // The clock refuses going back and durations without a fixed length.
          if (error instanceof RangeError)
            return { status: 400, body: { error: { code: 'InvalidRequestContent', message: error.message } } };
          throw error;
        }
        model.settle();
        return clock();
      }),
    ),
    route('POST', '/_estate/instances/behaviour', (req) =>
      withBody(req, behaviourBody, ({ instance, behaviour, from, ...failure }) => {
        const changed = model.setBehaviour(instance, behaviour, { ...failure, ...(from ? { from: new Date(from) } : {}) });
        return ok({
          id: changed.id,
          name: changed.name,
          behaviour: model.behaviour(changed),
          protectionState: model.protection(changed).currentProtectionState,
        });
      }),
    ),
    route('POST', '/_estate/clusters/:cluster/namespaces', (req, p) =>
      withBody(req, namespaceBody, (b) => {
        const resources = { deployments: 0, pods: 0, services: 0, configMaps: 1, pvcs: 0, ...b.resources };
        const ns = model.addNamespace(p.cluster ?? '', { name: b.name, labels: b.labels ?? {}, resources });
        return { status: 201, body: { name: ns.name, uid: ns.uid, createdAt: new Date(ns.createdAt).toISOString() } };
      }),
    ),
    route('DELETE', '/_estate/clusters/:cluster/namespaces/:name', (_req, p) => {
      model.removeNamespace(p.cluster ?? '', p.name ?? '');
      return { status: 204 };
    }),
    route('GET', '/_estate/scenario', () => ok(summary(model))),
    // How job status and protection are worded (the spec's own variants): partial updates.
    route('GET', '/_estate/wording', () => ok(model.wording)),
    route('PUT', '/_estate/wording', (req) => withBody(req, wordingBody, (b) => ok(model.setWording(b)))),
    // What Resource Graph cannot see: the whole body replaces the setting, `{}` shows everything again.
    route('GET', '/_estate/resourceGraph/blindness', () => ok(blindnessJson(model.graphBlindness))),
    route('PUT', '/_estate/resourceGraph/blindness', (req) =>
      withBody(req, blindnessBody, (b) => ok(blindnessJson(model.setGraphBlindness(b)))),
    ),
  ];
}

function summary(model: EstateModel): Record<string, unknown> {
  const instances = model.instances();
  return {
    name: model.scenario.name,
    now: model.clock.now().toISOString(),
    startedAt: model.clock.startedAt.toISOString(),
    counts: {
      subscriptions: model.subscriptions.length,
      clusters: model.clusters().length,
      vaults: model.vaults().length,
      policies: model.vaults().reduce((n, v) => n + v.policies.size, 0),
      instances: instances.length,
    },
    logAnalyticsWorkspaceId: model.settings.workspaceId,
    instances: instances.map((i) => ({
      name: i.name,
      id: i.id,
      vault: i.vault.name,
      cluster: i.cluster.name,
      policy: i.policy.name,
      behaviour: model.behaviour(i),
      protectionState: model.protection(i).currentProtectionState,
      ...(i.description ? { description: i.description } : {}),
    })),
  };
}

function withBody<T>(req: EstateRequest, schema: z.ZodType<T>, use: (body: T) => EstateResponse): EstateResponse {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) return { status: 400, body: { error: { code: 'InvalidRequestContent', message: z.prettifyError(parsed.error) } } };
  return use(parsed.data);
}
