#!/usr/bin/env bash
# The real Bicep compiler, pinned in infra/compiler/bicep-cli.csproj and restored from NuGet into a cache.
#
#   bash .ci/bicep.sh            build every template under infra/ and lint it: exit 0 only with zero errors and zero
#                                warnings (nothing is tolerated; a justified `#disable-next-line` in the template is
#                                the only way to silence a rule, and test/infra/bicep.test.ts checks each has a reason)
#   bash .ci/bicep.sh path       print the compiler's path (restoring it first when absent); messages go to stderr
#   bash .ci/bicep.sh build DIR  compile every template into DIR (ARM JSON, same tree as infra/)
#
# Cache: $BICEP_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/backup-autopilot/bicep. Restoring needs the .NET SDK and
# the NuGet feed; when either is missing this fails and says why: there is no fallback checker.
set -uo pipefail
cd "$(dirname "$0")/.."

say() { echo "bicep.sh: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
now_ms() { local t; t=$(date +%s%N); case "$t" in *N) echo $(($(date +%s) * 1000)) ;; *) echo $((t / 1000000)) ;; esac; }

project=infra/compiler/bicep-cli.csproj
version=$(sed -n 's:.*<BicepVersion>\([^<]*\)</BicepVersion>.*:\1:p' "$project")
[ -n "$version" ] || fail "no <BicepVersion> in $project"

rid() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=osx ;; *) return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) return 1 ;; esac
  if [ "$os" = linux ] && ldd --version 2>&1 | grep -qi musl; then os=linux-musl; fi
  echo "$os-$arch"
}
r=$(rid) || fail "no Bicep CLI package for $(uname -s)/$(uname -m)"
cache="${BICEP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/backup-autopilot/bicep}"
bin="$cache/azure.bicep.commandline.$r/$version/tools/bicep"

restore() {
  command -v dotnet >/dev/null 2>&1 || fail "the Bicep compiler $version is not in $cache and there is no dotnet on PATH to restore it from NuGet"
  local work log t0 major
  work=$(mktemp -d)
  log="$work/restore.log"
  t0=$(now_ms)
  major=$(dotnet --version | cut -d. -f1)
  cp "$project" "$work/"
  say "restoring Azure.Bicep.CommandLine.$r $version from NuGet (dotnet $(dotnet --version)) into $cache"
  if ! dotnet restore "$work/$(basename "$project")" --packages "$cache" -p:BicepRid="$r" -p:TargetFramework="net$major.0" >"$log" 2>&1; then
    sed 's/^/  dotnet: /' "$log" | grep -E 'error|warn' | head -5 >&2
    rm -rf "$work"
    fail "could not restore Azure.Bicep.CommandLine.$r $version from NuGet (see the dotnet lines above)"
  fi
  rm -rf "$work"
  [ -f "$bin" ] || fail "NuGet restored the package but $bin is missing"
  chmod +x "$bin"
  say "restored in $(($(now_ms) - t0)) ms"
}

[ -x "$bin" ] || restore
reported=$("$bin" --version 2>&1) || fail "$bin does not run: $reported"
case "$reported" in *"$version"*) ;; *) fail "$bin reports '$reported', expected $version" ;; esac

case "${1:-check}" in
  path)
    echo "$bin"
    exit 0
    ;;
  build)
    out=${2:?usage: bicep.sh build DIR}
    mkdir -p "$out"
    "$bin" build --pattern 'infra/**/*.bicep' --outdir "$out" || fail "bicep build"
    exit 0
    ;;
  check) ;;
  *) fail "unknown command '$1' (check | path | build DIR)" ;;
esac

started=$(now_ms)
files=$(find infra -name '*.bicep' | wc -l | tr -d ' ')
outdir=$(mktemp -d)
trap 'rm -rf "$outdir"' EXIT
# Build and lint both print diagnostics as: file(line,col) : Warning|Error code: message [url]
build_out=$("$bin" build --pattern 'infra/**/*.bicep' --outdir "$outdir" 2>&1)
build_rc=$?
lint_out=$("$bin" lint --pattern 'infra/**/*.bicep' 2>&1)
lint_rc=$?
diagnostics=$(printf '%s\n%s\n' "$build_out" "$lint_out" | grep -E '\) : (Warning|Error|Info) ' | sort -u)
errors=$(grep -c ' : Error ' <<<"$diagnostics")
warnings=$(grep -c ' : Warning ' <<<"$diagnostics")
[ -n "$diagnostics" ] && echo "$diagnostics"
if [ "$build_rc" -ne 0 ] && [ "$errors" -eq 0 ]; then echo "$build_out"; errors=1; fi
if [ "$lint_rc" -ne 0 ] && [ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]; then echo "$lint_out"; errors=1; fi
echo "bicep.sh: Bicep CLI $version: built and linted $files files in $(($(now_ms) - started)) ms: $errors error(s), $warnings warning(s)"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]
