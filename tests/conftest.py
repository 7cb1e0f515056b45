"""Shared fixtures: accounts by role, the deployed marketplace, and factories for assets."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from modelmarket.deploy import Marketplace, deploy_marketplace

# Hypothesis profiles: fast by default, deep when `make test-deep` sets MODELMARKET_DEEP=1.
# The default profile is derandomized (a fixed seed per test) so that `make test` and CI give the
# same answer on every run; the deep profile draws fresh random examples each time.
settings.register_profile(
    "ci", max_examples=50, stateful_step_count=30, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "deep", max_examples=500, stateful_step_count=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("deep" if os.environ.get("MODELMARKET_DEEP") else "ci")

TOKEN = 10**18
MAX_UINT = 2**256 - 1
CONTENT = bytes.fromhex("11" * 32)
URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"
LICENSE_MIT = b"MIT".ljust(32, b"\0")


class _Compiled:
    """Deployable containers from the package's compiled manifest (mocks included).

    Tests use this instead of Ape's `project`, which would re-read or re-compile the project in
    every pytest worker.
    """

    def __getattr__(self, name: str) -> Any:
        from modelmarket import bindings

        try:
            return bindings.container(name)
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture(scope="session", autouse=True)
def deterministic_clock(chain) -> None:
    """Each block is exactly one second after the one before, whatever the wall clock does.

    Anvil otherwise stamps a block with wall-clock time plus an offset, so on a loaded machine a
    test that sets the time to "one second before the deadline" and then sends two transactions
    could see the second land after it. `chain.pending_timestamp = t` still pins the next block.
    """
    chain.provider.make_request("anvil_setBlockTimestampInterval", [1])


@pytest.fixture(scope="session")
def compiled() -> _Compiled:
    return _Compiled()


@pytest.fixture(scope="session")
def deployer(accounts):
    return accounts[0]


@pytest.fixture(scope="session")
def treasury(accounts):
    return accounts[1]


@pytest.fixture(scope="session")
def arbiter(accounts):
    return accounts[2]


@pytest.fixture(scope="session")
def owner(accounts):
    return accounts[3]


@pytest.fixture(scope="session")
def other_owner(accounts):
    return accounts[4]


@pytest.fixture(scope="session")
def delegator(accounts):
    return accounts[5]


@pytest.fixture(scope="session")
def delegator2(accounts):
    return accounts[6]


@pytest.fixture(scope="session")
def consumer(accounts):
    return accounts[7]


@pytest.fixture(scope="session")
def consumer2(accounts):
    return accounts[8]


@pytest.fixture(scope="session")
def stranger(accounts):
    return accounts[9]


@pytest.fixture(scope="session")
def market(deployer, treasury, arbiter, accounts) -> Marketplace:
    """The whole marketplace, deployed once per session; ape's isolation reverts each test."""
    deployed = deploy_marketplace(
        deployer, treasury=treasury.address, arbiter=arbiter.address, save=False
    )
    for account in accounts[3:10]:
        deployed.token.transfer(account, 1_000_000 * TOKEN, sender=deployer)
    return deployed


@pytest.fixture(scope="session")
def token(market):
    return market.token


@pytest.fixture(scope="session")
def registry(market):
    return market.registry


@pytest.fixture(scope="session")
def staking(market):
    return market.require("StakingPool")


@pytest.fixture(scope="session")
def payments(market):
    return market.require("UsagePayments")


@pytest.fixture(scope="session")
def reputation(market):
    return market.require("Reputation")


@pytest.fixture(scope="session")
def disputes(market):
    return market.require("Disputes")


def listing(**overrides: Any) -> dict[str, Any]:
    """A valid ListingParams struct as a dict; override any field."""
    params: dict[str, Any] = {
        "kind": 0,
        "contentHash": CONTENT,
        "metadataURI": URI,
        "licenseId": LICENSE_MIT,
        "complianceFlags": 0,
        "pricePerCall": 10**15,
        "operator": "0x" + "00" * 20,
        "parents": [],
    }
    params.update(overrides)
    return params


@pytest.fixture
def list_asset(registry, owner) -> Callable[..., int]:
    """Factory: list an asset (as `sender`, default `owner`) and return its id."""

    def _list(sender=None, **overrides: Any) -> int:
        receipt = registry.list(listing(**overrides), sender=sender or owner)
        return receipt.events.filter(registry.AssetListed)[0].assetId

    return _list


@pytest.fixture(scope="session")
def reverts_exactly():
    """`ape.reverts` made strict: the revert must be exactly `error` with exactly `inputs`.

    With this toolchain `ape.reverts(contract.Error, **inputs)` passes whatever reverted when ape
    could not decode the revert — every revert of a view call (anvil reports those as text,
    "custom error 0x…: …") and of a constructor — and it skips input names the error lacks. This
    helper requires every input of the error, and checks undecoded reverts against the exact
    revert data those inputs encode to. Accounts and contracts may stand for addresses; pass the
    `from`/`to` inputs as `**{"from": ...}`.
    """
    from contextlib import contextmanager

    import ape
    from ape.exceptions import CustomError
    from eth_abi import encode
    from eth_utils import is_address, keccak, to_checksum_address

    def normalise(value: Any) -> Any:
        value = getattr(value, "address", value)
        return to_checksum_address(value) if isinstance(value, str) and is_address(value) else value

    def renderings(selector: bytes, args: bytes) -> set[str]:
        """How the revert data can reach us: raw hex, or anvil's text for a failed call."""
        forms = {"0x" + (selector + args).hex()}
        text = f"custom error 0x{selector.hex()}"
        if not args:
            return forms | {text}
        forms.add(f"{text}: {args.hex()}")
        try:
            forms.add(f"{text}: {args.decode('utf-8')}")
        except UnicodeDecodeError:
            pass
        return {form.strip() for form in forms}

    @contextmanager
    def _reverts_exactly(error: Any, **inputs: Any):
        names = [item.name for item in error.abi.inputs]
        assert sorted(inputs) == sorted(names), f"give every input of {error.abi.signature}"
        expected = {name: normalise(value) for name, value in inputs.items()}
        with ape.reverts() as info:
            yield info
        raised = info.value
        if isinstance(raised, CustomError):
            assert isinstance(raised, error), (
                f"expected {error.abi.signature}, got {type(raised).__name__}{dict(raised.inputs)}"
            )
            actual = {name: normalise(value) for name, value in raised.inputs.items()}
            assert actual == expected, f"{error.abi.selector}: expected {expected}, got {actual}"
            return
        selector = keccak(text=error.abi.selector)[:4]
        types = [item.canonical_type for item in error.abi.inputs]
        args = encode(types, [expected[name] for name in names])
        message = str(raised.revert_message).strip()
        assert message in renderings(selector, args), (
            f"expected {error.abi.signature} with {expected}, got revert {message!r}"
        )

    return _reverts_exactly
