from __future__ import annotations

import pytest

from tests.unit.eval_registry.helpers import MAX_UINT, VERSION_HASH


@pytest.fixture(scope="session")
def evals(market):
    return market.require("EvalRegistry")


@pytest.fixture
def approved(evals, token, owner, other_owner, delegator, delegator2, consumer, consumer2, stranger):
    for account in (owner, other_owner, delegator, delegator2, consumer, consumer2, stranger):
        token.approve(evals, MAX_UINT, sender=account)


@pytest.fixture
def model(list_asset) -> int:
    """A listed model whose version 1 has content hash VERSION_HASH."""
    return list_asset(contentHash=VERSION_HASH)


@pytest.fixture
def voters(evals, approved, delegator, delegator2, consumer):
    """Three evaluators (QUORUM) registered before any attestation the test posts."""
    for account in (delegator, delegator2, consumer):
        evals.registerEvaluator(sender=account)
    return (delegator, delegator2, consumer)


@pytest.fixture
def challenged(evals, model, voters, owner, stranger):
    """Attestation 1 by `owner`, challenged by `stranger` with an equal bond."""
    from tests.unit.eval_registry.helpers import MIN_BOND, attest

    attestation_id = attest(evals, owner, model)
    evals.challenge(attestation_id, MIN_BOND, sender=stranger)
    return attestation_id
