#!/bin/sh
# azd postdeploy hook: the second provisioning pass.
# Event Grid subscriptions (AzureFunction endpoints) and the alert action groups point at functions, which exist only
# once `azd deploy` has uploaded the code; custom-role assignments outside the app subscription wait for this pass so
# the role definitions have replicated. So the first pass leaves them out (deployEventSubscriptions=false; a pass
# without them never deletes existing ones: deployments are incremental) and this hook provisions again with
# DEPLOY_EVENT_SUBSCRIPTIONS=true, then puts the flag back so the next `azd up` provisions before deploying again.
#
# Role definitions and new principals replicate across Azure AD and subscriptions for minutes: a provision that fails
# with RoleDefinitionDoesNotExist or PrincipalNotFound is retried (POSTDEPLOY_ATTEMPTS, default 4, waiting
# POSTDEPLOY_RETRY_SECONDS x attempt, default 30 s); any other failure fails the hook at once.
set -eu

attempts=${POSTDEPLOY_ATTEMPTS:-4}
wait_s=${POSTDEPLOY_RETRY_SECONDS:-30}

needed=$(azd env get-value POSTDEPLOY_PROVISION_NEEDED 2>/dev/null || echo false)
if [ "$needed" != "true" ]; then
  echo "postdeploy: nothing to wire to the deployed functions or in other subscriptions; no second pass needed."
else
  echo "postdeploy: second pass: Event Grid subscriptions, alert routing and cross-subscription role assignments."
  azd env set DEPLOY_EVENT_SUBSCRIPTIONS true
  trap 'azd env set DEPLOY_EVENT_SUBSCRIPTIONS false' EXIT
  log=$(mktemp)
  attempt=1
  while :; do
    rc=0
    azd provision --no-prompt >"$log" 2>&1 || rc=$?
    cat "$log"
    [ "$rc" -eq 0 ] && break
    if ! grep -Eq 'RoleDefinitionDoesNotExist|PrincipalNotFound' "$log"; then
      echo "postdeploy: provision failed (exit $rc); not a replication delay, so not retried."
      rm -f "$log"
      exit "$rc"
    fi
    if [ "$attempt" -ge "$attempts" ]; then
      echo "postdeploy: provision still failing with a replication error after $attempts attempts; run 'azd hooks run postdeploy' later."
      rm -f "$log"
      exit "$rc"
    fi
    delay=$((wait_s * attempt))
    echo "postdeploy: role definition or principal not replicated yet (attempt $attempt of $attempts); retrying in ${delay}s."
    sleep "$delay"
    attempt=$((attempt + 1))
  done
  rm -f "$log"
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
