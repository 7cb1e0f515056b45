from __future__ import annotations

from tests.unit.eval_registry.helpers import EVAL_SET, METRIC, MIN_BOND, VERSION_HASH, WEIGHT_CAP, attest, median


def _finalize_all(evals, chain, ids):
    chain.pending_timestamp = max(evals.getAttestation(i).windowEndsAt for i in ids)
    chain.mine()
    for attestation_id in ids:
        evals.finalize(attestation_id, sender=evals.getAttestation(attestation_id).attester)


def test_score_is_zero_and_not_final_without_entries(evals, model):
    assert evals.score(model, VERSION_HASH, METRIC, EVAL_SET) == (0, 0, False)


def test_score_is_stake_weighted_median_of_counted_entries(evals, model, approved, owner, stranger, consumer, chain):
    bonds = {owner: MIN_BOND, stranger: 3 * MIN_BOND, consumer: MIN_BOND}
    values = {owner: 900_000, stranger: 950_000, consumer: 990_000}
    ids = [attest(evals, account, model, values[account], bonds[account]) for account in (owner, stranger, consumer)]
    assert evals.score(model, VERSION_HASH, METRIC, EVAL_SET) == (0, 0, False)  # nothing counts in the window
    _finalize_all(evals, chain, ids)
    expected = median([(values[a], min(bonds[a], WEIGHT_CAP)) for a in bonds])
    assert evals.score(model, VERSION_HASH, METRIC, EVAL_SET) == (expected, 3, True)
    key = evals.scoreKey(model, VERSION_HASH, METRIC, EVAL_SET)
    entries = evals.scoreEntries(key)
    assert list(entries.values) == sorted(values.values())


def test_score_not_final_while_an_attestation_is_open(evals, model, approved, owner, stranger, chain):
    first = attest(evals, owner, model)
    _finalize_all(evals, chain, [first])
    attest(evals, stranger, model, 10)
    assert evals.score(model, VERSION_HASH, METRIC, EVAL_SET) == (950_000, 1, False)


def test_score_key_matches_abi_encoding(evals):
    from eth_abi import encode
    from eth_utils import keccak

    expected = keccak(encode(["uint256", "bytes32", "bytes32", "bytes32"], [7, VERSION_HASH, METRIC, EVAL_SET]))
    assert evals.scoreKey(7, VERSION_HASH, METRIC, EVAL_SET) == expected
