// The estate model's public face: load a scenario, build the model on its clock, and expose the model as routes
// (DataProtection and AKS on ARM, Resource Graph, Log Analytics and the /_estate/ control API).
import type { HttpKit } from '../http/context.js';
import type { Route } from '../http/types.js';
import { EstateModel, type EstateModelOptions } from '../model/estate.js';
import type { Scenario, ScenarioInput } from '../model/scenario.js';
import { containerServiceRoutes } from './containerService.js';
import { controlRoutes } from './control.js';
import { dataProtectionRoutes } from './dataProtection.js';
import { logAnalyticsRoutes } from './logAnalytics.js';
import { resourceGraphRoutes } from './resourceGraph.js';

export { loadScenario, defaultScenarioPath } from '../model/load.js';
export { ModelError } from '../model/errors.js';
export { ScenarioError, BEHAVIOURS } from '../model/scenario.js';
export type { Behaviour } from '../model/scenario.js';
export type { EstateModelOptions, BehaviourChange } from '../model/estate.js';
export type { ScenarioInput, Scenario, EstateModel };

export function createEstateModel(scenario: Scenario, options: EstateModelOptions = {}): EstateModel {
  return new EstateModel(scenario, options);
}

export function modelRoutes(model: EstateModel, kit: HttpKit): Route[] {
  return [
    ...dataProtectionRoutes(model, kit),
    ...containerServiceRoutes(model, kit),
    ...(model.settings.resourceGraphEnabled ? resourceGraphRoutes(model, kit) : []),
    ...logAnalyticsRoutes(model, kit),
    ...controlRoutes(model),
  ];
}
