"""Benchmark of the voucher SDK against eth_account and raw coincurve, side by side.

``python -m benchmarks.sdk_bench [--n 2000] [--repeats 5]`` prints a table. All cases run in one
process pinned to one core (where the OS allows), with the garbage collector off, interleaved
round-robin so background load hits every case alike; each rate is the best of ``repeats``.

* ours: :meth:`VoucherSigner.sign` and :func:`recover_voucher_signer` (checksummed address out).
* eth_account: ``Account.sign_typed_data(key, full_message=...)`` and
  ``Account.recover_message(encode_typed_data(full_message=...), signature=...)`` -- the same
  work end to end (typed data in, signature / checksummed address out).
* raw: coincurve ``PrivateKey.sign_recoverable`` and ``PublicKey.from_signature_and_message``
  with ``hasher=None`` on precomputed digests: the libsecp256k1 floor.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from modelmarket.eip712 import Domain, typed_data
from modelmarket.keccak import KECCAK_BACKEND
from modelmarket.vouchers import Voucher, VoucherSigner, recover_voucher_signer

#: Targets the SDK is held to (see the module docstring for what is compared).
TARGETS = {
    "sign_speedup_vs_eth_account": 6.0,
    "verify_speedup_vs_eth_account": 3.5,
    "sign_fraction_of_raw_secp256k1": 0.60,
    "verify_fraction_of_raw_secp256k1": 0.60,
}

_CHAIN_ID = 31337
_CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
_KEY = bytes.fromhex("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")


@contextmanager
def _one_core_no_gc() -> Iterator[None]:
    """Pin this process to a single CPU and disable GC for the duration."""
    affinity = getattr(os, "sched_getaffinity", None)
    original = affinity(0) if affinity else None
    if original:
        os.sched_setaffinity(0, {min(original)})
    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if gc_was_enabled:
            gc.enable()
        if original:
            os.sched_setaffinity(0, original)


Case = tuple[Callable[[Any], Any], Sequence[Any]]


def _best_rates(cases: dict[str, Case], repeats: int) -> dict[str, float]:
    """Operations/s of each ``fn(item)`` over its items: best of ``repeats``, interleaved."""
    for fn, items in cases.values():  # warm-up: caches, branch predictors, lazy imports
        for item in items[: max(1, len(items) // 10)]:
            fn(item)
    best = {name: float("inf") for name in cases}
    for _ in range(repeats):
        for name, (fn, items) in cases.items():
            start = time.perf_counter()
            for item in items:
                fn(item)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: len(cases[name][1]) / best[name] for name in cases}


def benchmark_sdk(
    n: int = 2000, *, repeats: int = 5, eth_account_n: int | None = None
) -> dict[str, Any]:
    """Measure sign and verify throughput of the SDK, eth_account and raw coincurve.

    ``n`` distinct vouchers are signed / recovered per repeat; eth_account, ~20x slower, gets
    ``eth_account_n`` of them (default ``n // 5``, at least 20) so a run stays short -- rates are
    per operation either way. Returns the per-second rates and ratios named in
    :data:`TARGETS` plus ``n``, ``repeats`` and ``keccak_backend``.
    """
    from coincurve import PrivateKey, PublicKey
    from eth_account import Account
    from eth_account.messages import encode_typed_data

    if n < 1:
        raise ValueError("n must be positive")
    eth_n = max(20, n // 5) if eth_account_n is None else eth_account_n
    rng = random.Random(1234)
    domain = Domain.usage_payments(_CHAIN_ID, _CONTRACT)
    signer = VoucherSigner(_KEY, domain)
    vouchers = [
        Voucher(
            signer.address,
            asset_id=rng.randrange(1, 10**6),
            cumulative_amount=rng.randrange(1, 10**24),
            deadline=rng.randrange(1, 2**40),
        )
        for _ in range(n)
    ]
    signed = [signer.sign(voucher) for voucher in vouchers]
    digests = [signer.digest(voucher) for voucher in vouchers]
    raw_key = PrivateKey(_KEY)
    raw_signatures = [raw_key.sign_recoverable(digest, hasher=None) for digest in digests]
    messages = [typed_data(domain, voucher) for voucher in vouchers[:eth_n]]
    eth_signatures = [(message, s.signature) for message, s in zip(messages, signed)]

    # Sanity: every path agrees before anything is timed.
    assert Account.sign_typed_data(_KEY, full_message=messages[0]).signature == signed[0].signature
    assert recover_voucher_signer(domain, signed[0]) == signer.address

    def ours_sign(voucher: Voucher) -> Any:
        return signer.sign(voucher)

    def ours_verify(item: Any) -> Any:
        return recover_voucher_signer(domain, item)

    def eth_sign(message: dict[str, Any]) -> Any:
        return Account.sign_typed_data(_KEY, full_message=message)

    def eth_verify(item: tuple[dict[str, Any], bytes]) -> Any:
        return Account.recover_message(encode_typed_data(full_message=item[0]), signature=item[1])

    def raw_sign(digest: bytes) -> Any:
        return raw_key.sign_recoverable(digest, hasher=None)

    def raw_verify(item: tuple[bytes, bytes]) -> Any:
        return PublicKey.from_signature_and_message(item[0], item[1], hasher=None)

    cases: dict[str, Case] = {
        "sign_per_s": (ours_sign, vouchers),
        "verify_per_s": (ours_verify, signed),
        "eth_account_sign_per_s": (eth_sign, messages),
        "eth_account_verify_per_s": (eth_verify, eth_signatures),
        "raw_sign_per_s": (raw_sign, digests),
        "raw_verify_per_s": (raw_verify, list(zip(raw_signatures, digests))),
    }
    with _one_core_no_gc():
        rates = _best_rates(cases, repeats)
    return {
        **rates,
        "sign_speedup_vs_eth_account": rates["sign_per_s"] / rates["eth_account_sign_per_s"],
        "verify_speedup_vs_eth_account": rates["verify_per_s"] / rates["eth_account_verify_per_s"],
        "sign_fraction_of_raw_secp256k1": rates["sign_per_s"] / rates["raw_sign_per_s"],
        "verify_fraction_of_raw_secp256k1": rates["verify_per_s"] / rates["raw_verify_per_s"],
        "n": n,
        "eth_account_n": eth_n,
        "repeats": repeats,
        "keccak_backend": KECCAK_BACKEND,
    }


def benchmark_keccak(n: int = 20000, size: int = 128) -> dict[str, float]:
    """Nanoseconds per keccak-256 of ``size`` bytes for each installed backend (best of 5)."""
    data = os.urandom(size)
    backends: dict[str, Callable[[], bytes]] = {}
    try:
        from sha3 import keccak_256

        backends["pysha3"] = lambda: keccak_256(data).digest()
    except ImportError:  # pragma: no cover - depends on the environment
        pass
    try:
        from Crypto.Hash import keccak as crypto_keccak

        backends["pycryptodome"] = lambda: crypto_keccak.new(data=data, digest_bits=256).digest()
    except ImportError:  # pragma: no cover - depends on the environment
        pass
    try:
        from eth_hash.auto import keccak as eth_keccak

        backends["eth-hash"] = lambda: eth_keccak(data)
    except ImportError:  # pragma: no cover - depends on the environment
        pass
    rates = _best_rates({name: (lambda _, f=fn: f(), range(n)) for name, fn in backends.items()}, 5)
    return {name: 1e9 / rate for name, rate in rates.items()}


def _print_report(result: dict[str, Any], keccak_ns: dict[str, float]) -> None:
    from rich.console import Console
    from rich.table import Table

    def ratio(key: str) -> str:
        ok = result[key] >= TARGETS[key]
        suffix = "x" if "speedup" in key else ""
        return f"[{'green' if ok else 'red'}]{result[key]:.2f}{suffix}[/]"

    targets = (
        f"targets: >= {TARGETS['sign_speedup_vs_eth_account']:g}x sign and "
        f">= {TARGETS['verify_speedup_vs_eth_account']:g}x verify vs eth_account; "
        f">= {TARGETS['sign_fraction_of_raw_secp256k1']:g} of raw coincurve"
    )
    table = Table(
        title=f"Voucher SDK on one core: n={result['n']}, eth_account n={result['eth_account_n']}, "
        f"best of {result['repeats']}",
        caption=targets,
    )
    for column in ("op", "ours/s", "eth_account/s", "coincurve/s", "vs eth_account", "of raw"):
        table.add_column(column, justify="left" if column == "op" else "right", no_wrap=True)
    for op in ("sign", "verify"):
        table.add_row(
            op,
            f"{result[f'{op}_per_s']:,.0f}",
            f"{result[f'eth_account_{op}_per_s']:,.0f}",
            f"{result[f'raw_{op}_per_s']:,.0f}",
            ratio(f"{op}_speedup_vs_eth_account"),
            ratio(f"{op}_fraction_of_raw_secp256k1"),
        )
    keccak_table = Table(title=f"keccak-256, 128 bytes (SDK uses {result['keccak_backend']})")
    keccak_table.add_column("backend")
    keccak_table.add_column("ns / hash", justify="right")
    for name, ns in sorted(keccak_ns.items(), key=lambda item: item[1]):
        keccak_table.add_row(name, f"{ns:,.0f}")
    console = Console()
    console.print(table)
    console.print(keccak_table)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.sdk_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--n", type=int, default=2000, help="vouchers per repeat (default 2000)")
    parser.add_argument("--repeats", type=int, default=5, help="best of this many (default 5)")
    args = parser.parse_args(argv)
    result = benchmark_sdk(args.n, repeats=args.repeats)
    with _one_core_no_gc():
        keccak_ns = benchmark_keccak()
    _print_report(result, keccak_ns)
    return 0 if all(result[key] >= target for key, target in TARGETS.items()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
