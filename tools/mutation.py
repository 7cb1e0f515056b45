#!/usr/bin/env python3
"""Mutation testing of contracts/ against the forge tests (tests/foundry).

Equivalent of `slither-mutate --test-cmd "forge test"` with one compile per mutant instead of two
(slither-mutate re-compiles each mutant with crytic-compile before running the tests; through the
WASM solc shim that doubles the ~1 min a mutant costs on a 2-core machine). Mutants are generated
from the source text with slither-mutate's severe operators:

  RR   revert removal     `if (cond) revert E(...)`  ->  `if (false) revert E(...)`
  ROR  relational         `<` `<=` `>` `>=` `==` `!=` -> the off-by-one / negated comparison
  AOR  arithmetic         `+` <-> `-`, `*` <-> `/`, `+=` <-> `-=`
  LOR  logical            `&&` <-> `||`
  RND  rounding           `mulBpsUp` <-> `mulBpsDown`, `toSharesDown`/`toTokensDown` operands

Everything runs in a scratch copy of the tree (contracts, interfaces, tests/foundry, foundry.toml,
solc shim; node_modules linked), so the shared work tree is never modified and other engineers'
builds never see a mutant. A mutant is *killed* when `forge test --fail-fast` fails, *survives*
when it passes, and is *invalid* when it does not compile (not counted).

Usage:  tools/mutation.py [FILE ...]            (default: every contract under contracts/, mocks excluded)
Env:    MUTATION_MAX      cap on mutants per file, spread evenly over the file (default 0: all)
        MUTATION_LINES    comma-separated line numbers: only mutants on those lines (to re-check survivors)
        MUTATION_TIMEOUT  seconds per mutant (default 900)
        MUTATION_FUZZ_RUNS fuzz runs per property during mutation (default 32)
        MUTATION_REPORT   JSON report path (default .stamps/mutation-report.json)
        FOUNDRY_MATCH_PATH passed to forge: only these test files judge the mutants (faster per file)
        FOUNDRY_NO_MATCH_TEST default "fitsInABlock": gas-ceiling tests hold for the optimized build only
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ["contracts", "interfaces", "tests/foundry", "foundry.toml", "tools/solc-shim.js", "solc-bin"]


@dataclass
class Mutant:
    file: str
    line: int
    operator: str
    before: str
    after: str
    status: str = "pending"
    seconds: float = 0.0


ROR = {"<=": ["<", ">"], "<": ["<=", ">="], ">=": [">", "<"], ">": [">=", "<="], "==": ["!="], "!=": ["=="]}
AOR = {"+": ["-"], "-": ["+"], "*": ["/"], "/": ["*"], "+=": ["-="], "-=": ["+="], "%": ["*"]}
SWAPS = [("mulBpsUp", "mulBpsDown"), ("mulBpsDown", "mulBpsUp"), ("&&", "||"), ("||", "&&")]
OP_RE = re.compile(r"(?<![<>=!+\-*/%&|])(<=|>=|==|!=|\+=|-=|<|>|\+|-|\*|/|%)(?![<>=+\-*/%&|])")


def code_part(line: str) -> str:
    """The line without its // comment (string literals in these contracts hold no //)."""
    return line.split("//", 1)[0]


def skip_line(text: str) -> bool:
    s = text.strip()
    return (
        not s
        or s.startswith(("import ", "pragma ", "*", "/*", "event ", "error ", "emit ", "///", "//"))
        or s.startswith(("uint256 public constant", "uint8 public constant", "uint64 public constant"))
        or "keccak256(\"" in s
        or s.startswith("function ")  # headers: FHR-like mutants are mostly uncompilable or equivalent
    )


def generate(path: Path) -> list[Mutant]:
    rel = str(path.relative_to(ROOT))
    mutants: list[Mutant] = []
    lines = path.read_text().splitlines()
    in_block_comment = False
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped.startswith("/*"):
            in_block_comment = "*/" not in stripped
            continue
        if in_block_comment:
            in_block_comment = "*/" not in stripped
            continue
        code = code_part(raw)
        if skip_line(code):
            continue
        # RR: disable the guard of an `if (...) revert` on this line
        m = re.search(r"\bif \((.*)\) revert\b", code)
        if m:
            mutants.append(Mutant(rel, number, "RR", raw, raw.replace(f"if ({m.group(1)}) revert", "if (false) revert", 1)))
        for old, new in SWAPS:
            if old in code:
                mutants.append(Mutant(rel, number, "LOR" if old in ("&&", "||") else "RND", raw, raw.replace(old, new, 1)))
        for m in OP_RE.finditer(code):
            op = m.group(1)
            start, end = m.span(1)
            # skip unary minus, generics-like `<` in mapping declarations, `=>`
            if op in ("<", ">") and ("mapping(" in code or "=>" in code[max(0, start - 1):end + 1]):
                continue
            if op == "-" and re.match(r"\s*[(,=]\s*$", code[:start][-3:] or " "):
                continue
            for new in ROR.get(op, []) + AOR.get(op, []):
                mutated = raw[:start] + new + raw[end:]
                mutants.append(Mutant(rel, number, "ROR" if op in ROR else "AOR", raw, mutated))
    return mutants


def prepare_scratch() -> Path:
    work = Path(tempfile.mkdtemp(prefix="mm-mutation-"))
    for item in COPY:
        src = ROOT / item
        dst = work / item
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns(".cache"))
        else:
            shutil.copy2(src, dst)
    (work / "node_modules").symlink_to(ROOT / "node_modules")
    return work


def forge_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}:{env.get('PATH', '')}"
    # No optimizer: the WASM solc then builds the tree in ~80 s instead of ~3 min (behaviour is the same).
    env["FOUNDRY_OPTIMIZER"] = "false"
    env["FOUNDRY_FUZZ_RUNS"] = os.environ.get("MUTATION_FUZZ_RUNS", "32")
    env["FOUNDRY_INVARIANT_RUNS"] = "16"
    env["FOUNDRY_INVARIANT_DEPTH"] = "24"
    # Gas-ceiling tests measure the optimized build (foundry.toml); without the optimizer the bound
    # test of DataBounties' finalize needs 22.8M gas instead of < 20M and would fail every baseline.
    env.setdefault("FOUNDRY_NO_MATCH_TEST", "fitsInABlock")
    return env


def run_tests(work: Path, timeout: int) -> tuple[str, str]:
    try:
        proc = subprocess.run(
            ["forge", "test", "--fail-fast"], cwd=work, env=forge_env(), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "killed", "timeout"
    out = proc.stdout + proc.stderr
    if "Compiler run failed" in out or "Error (" in out and "Compiler run successful" not in out:
        return "invalid", out[-400:]
    return ("survived" if proc.returncode == 0 else "killed"), out[-400:]


def spread(items: list[Mutant], cap: int) -> list[Mutant]:
    if cap <= 0 or len(items) <= cap:
        return items
    step = len(items) / cap
    return [items[int(i * step)] for i in range(cap)]


def main(argv: list[str]) -> int:
    targets = [ROOT / a for a in argv] if argv else sorted(
        p for p in (ROOT / "contracts").rglob("*.sol") if "mocks" not in p.parts and ".cache" not in p.parts
    )
    cap = int(os.environ.get("MUTATION_MAX", "0"))
    only_lines = {int(n) for n in os.environ.get("MUTATION_LINES", "").split(",") if n.strip()}
    timeout = int(os.environ.get("MUTATION_TIMEOUT", "900"))
    report_path = Path(os.environ.get("MUTATION_REPORT", ROOT / ".stamps" / "mutation-report.json"))
    work = prepare_scratch()
    print(f"scratch copy: {work}")
    started = time.time()
    results: list[Mutant] = []
    try:
        status, tail = run_tests(work, timeout)
        if status != "survived":
            print("forge test fails on the unmutated tree; aborting\n" + tail)
            return 2
        print(f"baseline: forge test passes ({time.time() - started:.0f}s incl. first build)")
        for target in targets:
            mutants = spread([m for m in generate(target) if not only_lines or m.line in only_lines], cap)
            print(f"== {target.relative_to(ROOT)}: {len(mutants)} mutants", flush=True)
            scratch_file = work / target.relative_to(ROOT)
            original = scratch_file.read_text()
            lines = original.splitlines(keepends=True)
            for mutant in mutants:
                mutated = lines.copy()
                mutated[mutant.line - 1] = mutant.after + ("\n" if lines[mutant.line - 1].endswith("\n") else "")
                scratch_file.write_text("".join(mutated))
                t0 = time.time()
                mutant.status, _ = run_tests(work, timeout)
                mutant.seconds = round(time.time() - t0, 1)
                scratch_file.write_text(original)
                results.append(mutant)
                print(f"  [{mutant.status:8}] {mutant.operator:3} L{mutant.line}: {mutant.after.strip()}", flush=True)
                report_path.parent.mkdir(parents=True, exist_ok=True)
                report_path.write_text(json.dumps([asdict(r) for r in results], indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    valid = [r for r in results if r.status in ("killed", "survived")]
    killed = sum(r.status == "killed" for r in valid)
    rate = 100.0 * killed / len(valid) if valid else 0.0
    print(f"\nmutants: {len(results)} generated, {len(valid)} valid, {killed} killed, "
          f"{len(valid) - killed} survived -> kill rate {rate:.1f}% ({time.time() - started:.0f}s)")
    for r in valid:
        if r.status == "survived":
            print(f"  SURVIVED {r.file}:{r.line} {r.operator}: {r.before.strip()}  ->  {r.after.strip()}")
    print(f"report: {report_path}")
    return 0 if rate >= 85.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
