"""TrainingRounds constructor: wired to the marketplace token and registry, bounds announced."""

from __future__ import annotations


def test_constructor_wires_token_registry_and_payments(training, token, registry, payments):
    assert (training.TOKEN(), training.REGISTRY(), training.PAYMENTS()) == (
        token.address, registry.address, payments.address
    )


def test_constructor_reverts_when_token_is_zero(compiled, registry, payments, deployer, reverts_exactly):
    with reverts_exactly(compiled.TrainingRounds.ZeroAddress):
        compiled.TrainingRounds.deploy("0x" + "00" * 20, registry.address, payments.address, sender=deployer)


def test_constructor_reverts_when_payments_is_zero(compiled, token, registry, deployer, reverts_exactly):
    with reverts_exactly(compiled.TrainingRounds.ZeroAddress):
        compiled.TrainingRounds.deploy(token.address, registry.address, "0x" + "00" * 20, sender=deployer)
