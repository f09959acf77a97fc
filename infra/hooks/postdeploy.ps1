# azd postdeploy hook (Windows): the second provisioning pass; see postdeploy.sh for the why and the retry rule.
$ErrorActionPreference = 'Stop'

$attempts = if ($env:POSTDEPLOY_ATTEMPTS) { [int]$env:POSTDEPLOY_ATTEMPTS } else { 4 }
$waitSeconds = if ($env:POSTDEPLOY_RETRY_SECONDS) { [int]$env:POSTDEPLOY_RETRY_SECONDS } else { 30 }

$needed = (azd env get-value POSTDEPLOY_PROVISION_NEEDED 2>$null)
if ($needed -ne 'true') {
  Write-Host 'postdeploy: nothing to wire to the deployed functions or in other subscriptions; no second pass needed.'
} else {
  Write-Host 'postdeploy: second pass: Event Grid subscriptions, alert routing and cross-subscription role assignments.'
  azd env set DEPLOY_EVENT_SUBSCRIPTIONS true
  try {
    for ($attempt = 1; ; $attempt++) {
      $output = (azd provision --no-prompt 2>&1 | Out-String)
      $code = $LASTEXITCODE
      Write-Host $output
      if ($code -eq 0) { break }
      if ($output -notmatch 'RoleDefinitionDoesNotExist|PrincipalNotFound') {
        throw "postdeploy: provision failed (exit $code); not a replication delay, so not retried."
      }
      if ($attempt -ge $attempts) {
        throw "postdeploy: provision still failing with a replication error after $attempts attempts; run 'azd hooks run postdeploy' later."
      }
      $delay = $waitSeconds * $attempt
      Write-Host "postdeploy: role definition or principal not replicated yet (attempt $attempt of $attempts); retrying in ${delay}s."
      Start-Sleep -Seconds $delay
    }
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
