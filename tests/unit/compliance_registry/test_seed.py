from __future__ import annotations

import pytest

from modelmarket.compliance import DEFAULT_FLAGS, DEFAULT_LICENCES, DEFAULT_POLICY, label, read_policy


def test_seed_defines_every_default_flag(compliance):
    assert compliance.definedFlags() == sum(1 << bit for bit in DEFAULT_FLAGS)


@pytest.mark.parametrize("bit", sorted(DEFAULT_FLAGS))
def test_seed_flag_matches_python_default(compliance, bit):
    term = DEFAULT_FLAGS[bit]

    assert compliance.flag(bit) == (term.name, term.uri, term.description_hash)


@pytest.mark.parametrize("name", sorted(DEFAULT_LICENCES))
def test_seed_licence_matches_python_default(compliance, name):
    term = DEFAULT_LICENCES[name]

    assert compliance.licence(label(name)) == (term.name, term.uri, term.description_hash)


def test_read_policy_equals_defaults_after_seed(compliance):
    policy = read_policy(compliance)

    assert (policy.flags, policy.licences, policy.source) == (DEFAULT_POLICY.flags, DEFAULT_POLICY.licences, "chain")
