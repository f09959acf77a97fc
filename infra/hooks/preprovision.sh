#!/bin/sh
# azd preprovision hook: refuse to replace a backup storage account's lifecycle rules by accident.
# A storage account has ONE lifecycle policy document; the template writes it whole (infra/modules/backup-storage.bicep).
# Rules it does not know about (the account owner's own, e.g. for Kopia or Restic repositories) are kept only when
# they are listed in that account's `keepRules` in infra/main.parameters.json. This hook lists each account's current
# rules and stops the provision when one would be dropped, printing what to add. BACKUP_STORAGE_REPLACE_RULES=true
# proceeds anyway (the rules not listed are removed).
set -eu

params=${PARAMETERS_FILE:-infra/main.parameters.json}
[ -f "$params" ] || exit 0
ours=backup-autopilot-tiering
accounts=$(grep -oE '/subscriptions/[0-9a-fA-F-]+/resourceGroups/[^"/]+/providers/Microsoft\.Storage/storageAccounts/[a-z0-9]+' "$params" | sort -u || true)
[ -n "$accounts" ] || exit 0
if ! command -v az >/dev/null 2>&1; then
  echo "preprovision: az CLI not found; cannot check the backup storage accounts' lifecycle rules (see infra/README.md)."
  exit 0
fi

missing=""
for id in $accounts; do
  sub=$(echo "$id" | cut -d/ -f3)
  rg=$(echo "$id" | cut -d/ -f5)
  name=$(echo "$id" | cut -d/ -f9)
  # No policy yet is not an error: nothing to keep.
  rules=$(az storage account management-policy show --subscription "$sub" -g "$rg" --account-name "$name" \
    --query "policy.rules[].name" -o tsv 2>/dev/null || true)
  for rule in $rules; do
    [ "$rule" = "$ours" ] && continue
    if ! grep -q "\"name\": *\"$rule\"" "$params"; then
      missing="$missing $name:$rule"
      echo "preprovision: $name has lifecycle rule '$rule', which is not in its keepRules: provisioning would remove it."
      echo "  Add it to keepRules of that account in $params, e.g. the output of:"
      echo "  az storage account management-policy show --subscription $sub -g $rg --account-name $name --query \"policy.rules[?name=='$rule']\""
    fi
  done
done

if [ -n "$missing" ] && [ "${BACKUP_STORAGE_REPLACE_RULES:-}" != "true" ]; then
  echo "preprovision: stopped so that no lifecycle rule is lost (set BACKUP_STORAGE_REPLACE_RULES=true to remove them):$missing"
  exit 1
fi
exit 0
