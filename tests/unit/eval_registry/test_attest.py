from __future__ import annotations

from tests.unit.eval_registry.helpers import (
    CHALLENGE_WINDOW, EVAL_SET, METHOD, METRIC, MIN_BOND, PENDING, VERSION_HASH, attest, claim,
)


def test_attest_stores_pulls_bond_and_emits_event(evals, token, model, approved, owner, chain):
    balance = token.balanceOf(owner)
    receipt = evals.attest(claim(model), MIN_BOND, sender=owner)
    window_ends = chain.blocks.head.timestamp + CHALLENGE_WINDOW
    key = evals.scoreKey(model, VERSION_HASH, METRIC, EVAL_SET)
    event = receipt.events.filter(evals.Attested)[0]
    assert (event.attestationId, event.key, event.attester, event.bond, event.windowEndsAt) == (
        1, key, owner.address, MIN_BOND, window_ends
    )
    assert event.claim[5] == 950_000 and bytes(event.claim[4]) == METHOD  # (…, methodHash, value, version)
    stored = evals.getAttestation(1)
    assert (stored.attester, stored.status, stored.bond, stored.windowEndsAt, stored.key) == (
        owner.address, PENDING, MIN_BOND, window_ends, key
    )
    assert stored.postedBlock == receipt.block_number
    assert token.balanceOf(owner) == balance - MIN_BOND
    assert token.balanceOf(evals) == MIN_BOND
    assert evals.openCount(key) == 1 and evals.attestationCount() == 1


def test_attest_reverts_when_bond_below_minimum(evals, model, approved, owner, reverts_exactly):
    with reverts_exactly(evals.BondTooLow, bond=MIN_BOND - 1, minimum=MIN_BOND):
        evals.attest(claim(model), MIN_BOND - 1, sender=owner)


def test_attest_reverts_when_asset_unknown(evals, approved, owner, reverts_exactly):
    with reverts_exactly(evals.UnknownAsset, assetId=99):
        evals.attest(claim(99), MIN_BOND, sender=owner)


def test_attest_reverts_when_version_unknown(evals, model, approved, owner, reverts_exactly):
    with reverts_exactly(evals.UnknownVersion, assetId=model, version=2, versionCount=1):
        evals.attest(claim(model, version=2), MIN_BOND, sender=owner)


def test_attest_reverts_when_version_hash_differs(evals, model, approved, owner, reverts_exactly):
    other = bytes.fromhex("22" * 32)
    with reverts_exactly(evals.VersionHashMismatch, assetId=model, version=1, claimed=other, actual=VERSION_HASH):
        evals.attest(claim(model, versionHash=other), MIN_BOND, sender=owner)


def test_attest_reverts_when_claim_field_empty(evals, model, approved, owner, reverts_exactly):
    with reverts_exactly(evals.EmptyClaimField):
        evals.attest(claim(model, evalSetHash=b"\0" * 32), MIN_BOND, sender=owner)


def test_attest_reverts_when_asset_retired(evals, registry, model, approved, owner, reverts_exactly):
    registry.setStatus(model, 2, sender=owner)
    with reverts_exactly(evals.AssetRetired, assetId=model):
        evals.attest(claim(model), MIN_BOND, sender=owner)


def test_attest_reverts_when_attester_has_live_attestation_on_key(evals, model, approved, owner, reverts_exactly):
    first = attest(evals, owner, model)
    key = evals.getAttestation(first).key
    with reverts_exactly(evals.AlreadyAttested, key=key, attester=owner, attestationId=first):
        evals.attest(claim(model, value=990_000), MIN_BOND, sender=owner)


def test_attest_allows_other_keys_and_other_attesters(evals, model, approved, owner, stranger):
    attest(evals, owner, model)
    attest(evals, owner, model, metricId=b"f1".ljust(32, b"\0"))
    attest(evals, stranger, model)
    assert evals.attestationCount() == 3
