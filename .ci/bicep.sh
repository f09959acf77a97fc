#!/usr/bin/env bash
# Compile and lint every Bicep template under infra/ with the real Bicep compiler, fetched through NuGet when absent.
#
#   bash .ci/bicep.sh            exit 0 = clean; 1 = an error, a linter warning, or (see below) no compiler
#
# Compiler, first found: $BICEP_BIN; `bicep` on PATH; `az bicep`; the copy cached under
# ${XDG_CACHE_HOME:-$HOME/.cache}/bicep/bin; else it is fetched into that cache with the .NET SDK
# (`dotnet add package Azure.Bicep.CommandLine.<rid>` in a throwaway project; the package carries the native binary).
#
# Build: `bicep build` of every file into a temporary folder. Lint: `bicep lint`; every warning fails the run except
# the codes in BICEP_NONFATAL_WARNINGS (default: use-recent-api-versions, which infra/bicepconfig.json keeps a
# warning on purpose: newer API versions appear every month), which are printed.
#
# Without a compiler (no dotnet, or the NuGet feed lacks the package) it says so in a SKIPPED line and runs the offline
# check instead (infra/check/bicepCheck.ts: tree-sitter syntax, undefined symbols, module params and outputs, vetted
# resource types and api-versions, AVM descriptions), whose result decides. It fails instead when
#   CI=true and dotnet is missing (the CI machine is meant to have the .NET SDK), or
#   BICEP_REQUIRE_COMPILER=1 (insist on the real compiler), or
#   the offline check cannot run either (npm ci not done).
set -uo pipefail
cd "$(dirname "$0")/.."

# Milliseconds where date has %N (GNU), else whole seconds (BSD date prints a literal N).
now_ms() { local t; t=$(date +%s%N); case "$t" in *N) echo $(( $(date +%s) * 1000 )) ;; *) echo $(( t / 1000000 )) ;; esac; }
started=$(now_ms)
elapsed() { echo "$(( $(now_ms) - started )) ms"; }
say() { echo "bicep.sh: $*"; }

cache="${XDG_CACHE_HOME:-$HOME/.cache}/bicep"
nonfatal="${BICEP_NONFATAL_WARNINGS:-use-recent-api-versions}"
files=()
while IFS= read -r f; do files+=("$f"); done < <(find infra -name '*.bicep' -not -path '*/node_modules/*' | sort)
if [ "${#files[@]}" -eq 0 ]; then say "no .bicep files under infra/"; exit 1; fi

# --- find or fetch the compiler ------------------------------------------------------------------------------------
bicep=() skip_reason=""
find_compiler() {
  local c
  for c in "${BICEP_BIN:-}" bicep "$cache/bin/bicep"; do
    if [ -n "$c" ] && "$c" --version >/dev/null 2>&1; then bicep=("$c"); return 0; fi
  done
  if command -v az >/dev/null 2>&1 && az bicep version >/dev/null 2>&1; then bicep=(az bicep); return 0; fi
  return 1
}

rid() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=osx ;; *) return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) return 1 ;; esac
  # Alpine and other musl systems need the musl build.
  if [ "$os" = linux ] && ldd --version 2>&1 | grep -qi musl; then os=linux-musl; fi
  echo "$os-$arch"
}

fetch_compiler() {
  if ! command -v dotnet >/dev/null 2>&1; then skip_reason="no dotnet on PATH to fetch Azure.Bicep.CommandLine from NuGet"; return 1; fi
  local r package work log bin t0
  r=$(rid) || { skip_reason="no Bicep CLI package for $(uname -s)/$(uname -m)"; return 1; }
  package="Azure.Bicep.CommandLine.$r"
  work=$(mktemp -d)
  log="$work/fetch.log"
  t0=$(date +%s)
  say "fetching $package from NuGet (dotnet $(dotnet --version))"
  # A throwaway project: `dotnet add package` resolves the newest version and restores it into our own folder.
  local tfm="net$(dotnet --version | cut -d. -f1).0"
  printf '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>%s</TargetFramework></PropertyGroup></Project>\n' "$tfm" >"$work/fetch.csproj"
  (cd "$work" && dotnet add fetch.csproj package "$package" --package-directory "$cache/nuget") >"$log" 2>&1
  bin=$(find "$cache/nuget/$(echo "$package" | tr '[:upper:]' '[:lower:]')" -type f -name bicep 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ]; then
    skip_reason="NuGet has no $package here ($(grep -m1 -Eo 'error: .*|NU1101.*' "$log" || echo 'see dotnet output'))"
    sed 's/^/  dotnet: /' "$log" | tail -5
    rm -rf "$work"
    return 1
  fi
  mkdir -p "$cache/bin"
  cp "$bin" "$cache/bin/bicep" && chmod +x "$cache/bin/bicep"
  rm -rf "$work"
  say "fetched $package ($("$cache/bin/bicep" --version 2>/dev/null)) in $(($(date +%s) - t0)) s -> $cache/bin/bicep"
}

if ! find_compiler; then fetch_compiler && find_compiler; fi

# --- no compiler: say so, run the offline check -------------------------------------------------------------------
if [ "${#bicep[@]}" -eq 0 ]; then
  say "SKIPPED the real Bicep build and lint: $skip_reason"
  fail=0
  if [ "${BICEP_REQUIRE_COMPILER:-}" = "1" ]; then say "FAIL: BICEP_REQUIRE_COMPILER=1 and no Bicep compiler"; fail=1; fi
  if [ "${CI:-}" = "true" ] && ! command -v dotnet >/dev/null 2>&1; then say "FAIL: CI=true and no dotnet on PATH"; fail=1; fi
  if [ ! -d node_modules/web-tree-sitter ] || [ ! -d node_modules/tree-sitter-bicep ] || [ ! -d node_modules/typescript ]; then
    say "FAIL: the offline check needs node_modules (run npm ci)"
    echo "bicep.sh: took $(elapsed)"
    exit 1
  fi
  say "running the offline check instead (infra/check/bicepCheck.ts; syntax and cheap semantics, not the compiler)"
  out=node_modules/.cache/bicep-check
  mkdir -p "$out"
  node -e '
    const ts = require("typescript"), fs = require("fs");
    const js = ts.transpileModule(fs.readFileSync("infra/check/bicepCheck.ts", "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    fs.writeFileSync(process.argv[1], js);
  ' "$out/bicepCheck.mjs" || { say "FAIL: could not transpile the offline check"; exit 1; }
  node --input-type=module -e '
    const { main } = await import(process.argv[1]);
    process.exitCode = await main(["infra"]);
  ' "$PWD/$out/bicepCheck.mjs" || fail=1
  if [ "$fail" -eq 0 ]; then say "FALLBACK PASSED (offline check only; the real compiler did not run)"; fi
  echo "bicep.sh: took $(elapsed)"
  exit "$fail"
fi

# --- build and lint with the real compiler -------------------------------------------------------------------------
say "compiler: ${bicep[*]} ($("${bicep[@]}" --version 2>/dev/null | head -1))"
outdir=$(mktemp -d)
trap 'rm -rf "$outdir"' EXIT
errors=0 warnings=0 tolerated=0
for f in "${files[@]}"; do
  if [ "${bicep[0]}" = az ]; then
    build_out=$(az bicep build --file "$f" --outdir "$outdir" 2>&1)
  else
    build_out=$("${bicep[@]}" build "$f" --outdir "$outdir" 2>&1)
  fi
  status=$?
  if [ "$status" -ne 0 ] || grep -q ': Error ' <<<"$build_out"; then
    echo "$build_out"
    say "build FAILED: $f"
    errors=$((errors + 1))
  fi
  if [ "${bicep[0]}" = az ]; then
    lint_out=$(az bicep lint --file "$f" 2>&1)
  else
    lint_out=$("${bicep[@]}" lint "$f" 2>&1)
  fi
  status=$?
  # Lines look like: infra/main.bicep(12,3) : Warning no-unused-params: Parameter "x" is declared but never used. [url]
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    if [[ "$line" =~ \)\ :\ (Warning|Error)\ ([A-Za-z0-9-]+): ]]; then
      level=${BASH_REMATCH[1]} code=${BASH_REMATCH[2]}
      if [ "$level" = Error ]; then
        errors=$((errors + 1)); echo "$line"
      elif [[ " ${nonfatal//,/ } " == *" $code "* ]]; then
        tolerated=$((tolerated + 1)); echo "(tolerated) $line"
      else
        warnings=$((warnings + 1)); echo "$line"
      fi
    fi
  done <<<"$lint_out"
  if [ "$status" -ne 0 ] && [ "$errors" -eq 0 ]; then echo "$lint_out"; errors=$((errors + 1)); fi
done

say "${#files[@]} files: $errors error(s), $warnings warning(s) treated as errors, $tolerated tolerated (${nonfatal})"
echo "bicep.sh: took $(elapsed)"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]
