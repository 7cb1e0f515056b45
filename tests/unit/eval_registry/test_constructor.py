from __future__ import annotations

import pytest

from modelmarket.deploy import EVAL_PARAMS
from tests.unit.eval_registry.helpers import ZERO_ADDRESS

DAY = 86_400


def test_constructor_sets_immutables_and_emits_configuration(compiled, disputes, registry, token, deployer, chain):
    evals = compiled.EvalRegistry.deploy(disputes, registry, EVAL_PARAMS, sender=deployer)
    assert (evals.TOKEN(), evals.REGISTRY(), evals.DISPUTES()) == (token.address, registry.address, disputes.address)
    assert (evals.MIN_ATTESTATION_BOND(), evals.EVALUATOR_BOND(), evals.QUORUM()) == (
        EVAL_PARAMS["minAttestationBond"], EVAL_PARAMS["evaluatorBond"], EVAL_PARAMS["quorum"]
    )
    logs = chain.get_receipt(evals.txn_hash).events.filter(evals.EvalRegistryConfigured)
    assert [(log.minAttestationBond, log.challengeWindow, log.resolutionWindow, log.quorum) for log in logs] == [
        (EVAL_PARAMS["minAttestationBond"], EVAL_PARAMS["challengeWindow"], EVAL_PARAMS["resolutionWindow"], EVAL_PARAMS["quorum"])
    ]


@pytest.mark.parametrize(
    ("name", "value", "minimum", "maximum"),
    [
        ("minAttestationBond", 0, 1, 10**27),
        ("minAttestationBond", 10**27 + 1, 1, 10**27),
        ("evaluatorBond", 0, 1, 2**96 - 1),
        ("challengeWindow", 3_599, 3_600, 30 * DAY),
        ("resolutionWindow", 30 * DAY + 1, 3_600, 30 * DAY),
        ("quorum", 0, 1, 16),
        ("quorum", 17, 1, 16),
    ],
)
def test_constructor_reverts_when_parameter_out_of_bounds(compiled, disputes, registry, deployer, reverts_exactly, name, value, minimum, maximum):
    with reverts_exactly(compiled.EvalRegistry.ParameterOutOfBounds, name=name, value=value, minimum=minimum, maximum=maximum):
        compiled.EvalRegistry.deploy(disputes, registry, {**EVAL_PARAMS, name: value}, sender=deployer)


def test_constructor_reverts_on_zero_address(compiled, registry, deployer, reverts_exactly):
    with reverts_exactly(compiled.EvalRegistry.ZeroAddress):
        compiled.EvalRegistry.deploy(ZERO_ADDRESS, registry, EVAL_PARAMS, sender=deployer)
