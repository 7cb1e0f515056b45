#!/usr/bin/env bash
# Static analysis gate: solhint (0 errors) and slither (0 high, 0 medium after triage).
#   tools/lint.sh            both
#   tools/lint.sh solhint    solhint only
#   tools/lint.sh slither    slither only
# Slither runs from its own venv (.venv-slither) over a forge build with build-info, written to a
# scratch folder so the project's out-forge/cache-forge are left alone. Accepted findings and
# excluded detectors, each with its reason, are in slither.config.json (`_excluded_detectors_why`,
# `_triage`); anything else of medium or high impact fails the gate. The gate also fails when slither
# cannot build its IR for a function under contracts/ (that function would go unanalysed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/.venv/bin:$ROOT/node_modules/.bin:$PATH"
what=${1:-all}
status=0

run_solhint() {
    echo "== solhint"
    if ! solhint --config .solhint.json --ignore-path .solhintignore 'contracts/**/*.sol' 'interfaces/**/*.sol'; then
        echo "solhint: errors (see above)"
        status=1
    fi
}

run_slither() {
    echo "== slither"
    local work
    work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    # One forced build of contracts/ (tests skipped) with build-info, outside the project's out dirs.
    forge build --build-info --force --skip 'tests/**' --out "$work/out" --cache-path "$work/cache" \
        >"$work/forge.log" 2>&1 || { cat "$work/forge.log"; echo "slither: forge build failed"; status=1; return; }
    local rc=0
    "$ROOT/.venv-slither/bin/slither" . --config-file slither.config.json --ignore-compile \
        --foundry-out-directory "$work/out" --json "$work/slither.json" >"$work/slither.log" 2>&1 || rc=$?
    if [ ! -s "$work/slither.json" ]; then
        cat "$work/slither.log"; echo "slither: failed to run (exit $rc)"; status=1; return
    fi
    "$ROOT/.venv-slither/bin/python" - "$work/slither.json" "$work/slither.log" <<'PY' || status=1
import json, re, sys

config = json.load(open("slither.config.json"))
triage = config.get("_triage", [])
report = json.load(open(sys.argv[1]))
log = open(sys.argv[2]).read()

def element_names(result):
    names = []
    for el in result.get("elements", []):
        parent = el.get("type_specific_fields", {}).get("parent", {})
        owner = parent.get("name", "")
        names.append(f"{owner}.{el.get('name', '')}" if owner else el.get("name", ""))
    return names

def accepted(result):
    for entry in triage:
        if entry["check"] != result["check"]:
            continue
        pattern = re.compile(rf"(^|\.)({entry['element']})(\(|$)")
        first = result.get("elements", [{}])[0]
        parent = first.get("type_specific_fields", {}).get("parent", {}).get("name", "")
        name = f"{parent}.{first.get('name', '')}" if parent else first.get("name", "")
        if pattern.search(name):
            return entry["why"]
    return None

failed = False
ir_failures = [l for l in log.splitlines() if "Impossible to generate IR" in l]
own_ir = [l for l in ir_failures if "(contracts/" in l]
for line in ir_failures:
    tag = "FAIL" if line in own_ir else "note (dependency)"
    print(f"  [{tag}] {line.split('ERROR:ContractSolcParsing:')[-1]}")
if own_ir:
    print("slither could not analyse the functions above (slither 0.11.6 bug: `(uint128 + uint256).toUint128()` "
          "with `using SafeCast`; write `(uint256(a) + b).toUint128()`).")
    failed = True

results = report.get("results", {}).get("detectors", []) if report.get("success") else []
if not report.get("success"):
    print("slither error:", report.get("error")); failed = True
counts = {}
for r in results:
    impact = r["impact"]
    why = accepted(r)
    first_line = r["description"].strip().splitlines()[0]
    if why:
        counts["triaged"] = counts.get("triaged", 0) + 1
        print(f"  [triaged {impact}/{r['check']}] {first_line}")
        continue
    counts[impact] = counts.get(impact, 0) + 1
    print(f"  [{impact}/{r['check']}] {r['description'].strip()}")
    if impact in ("High", "Medium"):
        failed = True
print("slither summary:", ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "no findings")
sys.exit(1 if failed else 0)
PY
}

case $what in
    all) run_solhint; run_slither ;;
    solhint) run_solhint ;;
    slither) run_slither ;;
    *) echo "usage: $0 [all|solhint|slither]" >&2; exit 2 ;;
esac
[ $status -eq 0 ] && echo "lint: OK" || echo "lint: FAILED"
exit $status
