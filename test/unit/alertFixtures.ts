// An Azure Monitor alert in the common alert schema, as the alert tests send it: Azure Backup's built-in "Backup
// Failure" alert on a watched vault, with whatever essentials and alertContext a test changes.
export const ALERT_SUB = '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90';
export const ALERT_VAULT = `/subscriptions/${ALERT_SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv`;

export const commonAlert = (essentials: Record<string, unknown> = {}, alertContext: unknown = {}) => ({
  schemaId: 'azureMonitorCommonAlertSchema',
  data: {
    essentials: {
      alertId: 'a1',
      alertRule: 'Backup Failure',
      monitoringService: 'Azure Backup',
      signalType: 'Log',
      monitorCondition: 'Fired',
      firedDateTime: '2026-11-21T03:00:00Z',
      alertTargetIDs: [ALERT_VAULT],
      ...essentials,
    },
    alertContext,
  },
});
