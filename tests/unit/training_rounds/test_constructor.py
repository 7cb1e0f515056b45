"""TrainingRounds constructor: wired to the marketplace token and registry, bounds announced."""

from __future__ import annotations


def test_constructor_wires_token_and_registry(training, token, registry):
    assert (training.TOKEN(), training.REGISTRY()) == (token.address, registry.address)


def test_constructor_reverts_when_token_is_zero(compiled, registry, deployer, reverts_exactly):
    with reverts_exactly(compiled.TrainingRounds.ZeroAddress):
        compiled.TrainingRounds.deploy("0x" + "00" * 20, registry.address, sender=deployer)
