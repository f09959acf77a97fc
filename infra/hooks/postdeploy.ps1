# azd postdeploy hook (Windows): the second provisioning pass; see postdeploy.sh for the why.
$ErrorActionPreference = 'Stop'

$needed = (azd env get-value POSTDEPLOY_PROVISION_NEEDED 2>$null)
if ($needed -ne 'true') {
  Write-Host 'postdeploy: no Event Grid functions or alert-ingest function configured; no second pass needed.'
} else {
  Write-Host 'postdeploy: second pass, wiring Event Grid subscriptions and alert routing to the deployed functions.'
  azd env set DEPLOY_EVENT_SUBSCRIPTIONS true
  try {
    azd provision --no-prompt
    if ($LASTEXITCODE -ne 0) { throw "azd provision failed ($LASTEXITCODE)" }
  } finally {
    azd env set DEPLOY_EVENT_SUBSCRIPTIONS false
  }
}

$vault = (azd env get-value AZURE_KEY_VAULT_NAME 2>$null)
$secret = (azd env get-value TEAMS_WEBHOOK_SECRET_NAME 2>$null)
if ($vault -and $secret -and (Get-Command az -ErrorAction SilentlyContinue)) {
  az keyvault secret show --vault-name $vault --name $secret --query id -o tsv *> $null
  if ($LASTEXITCODE -ne 0) {
    Write-Host "postdeploy: Key Vault secret '$secret' is not set (or not readable yet). Set the Teams Workflows webhook URL:"
    Write-Host "  az keyvault secret set --vault-name $vault --name $secret --value '<webhook URL>'"
  }
}
