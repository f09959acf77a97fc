#!/bin/sh
# azd postdeploy hook: the second provisioning pass.
# Event Grid subscriptions (AzureFunction endpoints) and the alert action group point at functions, which exist only
# once `azd deploy` has uploaded the code. So the first pass leaves them out (deployEventSubscriptions=false; a pass
# without them never deletes existing ones: deployments are incremental) and this hook provisions again with
# DEPLOY_EVENT_SUBSCRIPTIONS=true, then puts the flag back so the next `azd up` provisions before deploying again.
set -eu

needed=$(azd env get-value POSTDEPLOY_PROVISION_NEEDED 2>/dev/null || echo false)
if [ "$needed" != "true" ]; then
  echo "postdeploy: no Event Grid functions or alert-ingest function configured; no second pass needed."
else
  echo "postdeploy: second pass, wiring Event Grid subscriptions and alert routing to the deployed functions."
  azd env set DEPLOY_EVENT_SUBSCRIPTIONS true
  trap 'azd env set DEPLOY_EVENT_SUBSCRIPTIONS false' EXIT
  azd provision --no-prompt
fi

# The Teams webhook lives only in Key Vault: remind the operator until it is set (never fails the deploy).
vault=$(azd env get-value AZURE_KEY_VAULT_NAME 2>/dev/null || true)
secret=$(azd env get-value TEAMS_WEBHOOK_SECRET_NAME 2>/dev/null || true)
if [ -n "$vault" ] && [ -n "$secret" ] && command -v az >/dev/null 2>&1; then
  if ! az keyvault secret show --vault-name "$vault" --name "$secret" --query id -o tsv >/dev/null 2>&1; then
    echo "postdeploy: Key Vault secret '$secret' is not set (or not readable yet). Set the Teams Workflows webhook URL:"
    echo "  az keyvault secret set --vault-name $vault --name $secret --value '<webhook URL>'"
  fi
fi
