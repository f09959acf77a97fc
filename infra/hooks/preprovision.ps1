# azd preprovision hook (Windows): refuse to replace a backup storage account's lifecycle rules by accident; see
# preprovision.sh for the why. BACKUP_STORAGE_REPLACE_RULES=true proceeds anyway.
$ErrorActionPreference = 'Stop'
$params = if ($env:PARAMETERS_FILE) { $env:PARAMETERS_FILE } else { 'infra/main.parameters.json' }
if (-not (Test-Path $params)) { exit 0 }
$text = Get-Content $params -Raw
$ours = 'backup-autopilot-tiering'
$ids = [regex]::Matches($text, '/subscriptions/[0-9a-fA-F-]+/resourceGroups/[^"/]+/providers/Microsoft\.Storage/storageAccounts/[a-z0-9]+') |
  ForEach-Object { $_.Value } | Sort-Object -Unique
if (-not $ids) { exit 0 }
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  Write-Host "preprovision: az CLI not found; cannot check the backup storage accounts' lifecycle rules (see infra/README.md)."
  exit 0
}
$missing = @()
foreach ($id in $ids) {
  $parts = $id.Split('/')
  $sub = $parts[2]; $rg = $parts[4]; $name = $parts[8]
  $rules = az storage account management-policy show --subscription $sub -g $rg --account-name $name --query "policy.rules[].name" -o tsv 2>$null
  foreach ($rule in @($rules)) {
    if (-not $rule -or $rule -eq $ours) { continue }
    if ($text -notmatch ('"name":\s*"' + [regex]::Escape($rule) + '"')) {
      $missing += "${name}:${rule}"
      Write-Host "preprovision: $name has lifecycle rule '$rule', which is not in its keepRules: provisioning would remove it."
    }
  }
}
if ($missing.Count -gt 0 -and $env:BACKUP_STORAGE_REPLACE_RULES -ne 'true') {
  Write-Host "preprovision: stopped so that no lifecycle rule is lost (set BACKUP_STORAGE_REPLACE_RULES=true to remove them): $($missing -join ' ')"
  exit 1
}
exit 0
