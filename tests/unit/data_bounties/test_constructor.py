"""DataBounties' constructor: fixed parameters, announced in one event."""

from __future__ import annotations

from modelmarket import bindings


def test_constructor_emits_the_parameters(chain, deployer, token, registry):
    contract = bindings.container("DataBounties").deploy(token, registry, 7, 3, sender=deployer)
    block = chain.blocks.head.number
    event = list(contract.DataBountiesDeployed.range(block, block + 1))[0]

    assert (event.minValidatorStake, event.minGeneratorBond, event.maxValidators, event.maxPenaltyBps) == (7, 3, 64, 500)


def test_constructor_reverts_on_zero_token(deployer, registry, reverts_exactly):
    container = bindings.container("DataBounties")
    with reverts_exactly(container.ZeroAddress):
        container.deploy("0x" + "00" * 20, registry, 7, 3, sender=deployer)


def test_constructor_reverts_on_zero_minimum_stake(deployer, token, registry, reverts_exactly):
    container = bindings.container("DataBounties")
    with reverts_exactly(container.ZeroAmount):
        container.deploy(token, registry, 0, 3, sender=deployer)
