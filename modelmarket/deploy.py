"""Deploy and wire the marketplace, and load an existing deployment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelmarket import bindings
from modelmarket.deployments import Deployment, DeploymentNotFound

if TYPE_CHECKING:
    from ape.api import AccountAPI
    from ape.contracts import ContractInstance

#: 1 billion tokens with 18 decimals, minted to the deployer when no token is given.
DEFAULT_SUPPLY = 10**9 * 10**18

#: ComputeJobs' fixed parameters: fee bps, max job duration, review window, resolution window (s),
#: dispute bond (bps of the job price, rounded up) and its floor (token units). A 10 % bond with a
#: 1-token floor makes a frivolous dispute cost more than the gas of filing it, yet stays well under
#: the refund an honest disputer of a bad result gets back with it.
COMPUTE_JOBS_PARAMS: tuple[int, int, int, int, int, int] = (500, 7 * 86_400, 86_400, 3 * 86_400, 1_000, 10**18)
#: EvalRegistry construction parameters (immutable once deployed): bonds in token units, windows in
#: seconds, and the votes one side of a challenged attestation needs.
EVAL_PARAMS: dict[str, int] = {
    "minAttestationBond": 100 * 10**18,
    "evaluatorBond": 100 * 10**18,
    "challengeWindow": 24 * 3600,
    "resolutionWindow": 3 * 24 * 3600,
    "quorum": 3,
}

#: Attribute names on `Marketplace` for each contract.
ATTRIBUTES: dict[str, str] = {
    "MarketToken": "token",
    "ModelRegistry": "registry",
    "StakingPool": "staking",
    "UsagePayments": "payments",
    "Reputation": "reputation",
    "Disputes": "disputes",
    "Payouts": "payouts",
    "ComputeJobs": "compute",
    "EvalRegistry": "evals",
    "TrainingRounds": "training",
    "DataBounties": "bounties",
    "ComplianceRegistry": "compliance",
    "MarketTimelock": "timelock",
    "MarketGovernor": "governor",
}

#: DataBounties' minimum validator stake and generator bond (immutable at deployment).
BOUNTY_MIN_VALIDATOR_STAKE = 100 * 10**18
BOUNTY_MIN_GENERATOR_BOND = 10 * 10**18


@dataclass
class Marketplace:
    """The deployed contracts, as Ape contract instances (absent ones are None)."""

    deployment: Deployment
    contracts: dict[str, ContractInstance] = field(default_factory=dict)

    def __getattr__(self, attribute: str) -> Any:
        for name, attr in ATTRIBUTES.items():
            if attr == attribute:
                return self.contracts.get(name)
        raise AttributeError(attribute)

    def require(self, name: str) -> ContractInstance:
        """The instance of contract `name`, or a clear error when this deployment lacks it."""
        if name not in self.contracts:
            raise LookupError(f"this deployment has no {name}; redeploy with a build that includes it")
        return self.contracts[name]


def deploy_marketplace(
    deployer: AccountAPI,
    *,
    token: str | None = None,
    treasury: str | None = None,
    arbiter: str | None = None,
    supply: int = DEFAULT_SUPPLY,
    save: bool = True,
    eval_params: dict[str, int] | None = None,
) -> Marketplace:
    """Deploy every contract in this build, wire them together and record the addresses.

    With `token` given, that existing ERC-20 is used for stake and payments; otherwise a fresh
    `MarketToken` with `supply` is minted to the deployer. Treasury and arbiter default to the
    deployer; the deployer is the admin of every contract until
    `modelmarket.governance.deploy_governance` hands them all to the timelock. `eval_params`
    overrides `EVAL_PARAMS` (keys as there).
    """
    from ape import chain

    available = set(bindings.available())
    first_block = chain.blocks.head.number + 1
    treasury = treasury or deployer.address
    arbiter = arbiter or deployer.address
    deployed: dict[str, ContractInstance] = {}

    def deploy(name: str, *args: Any) -> ContractInstance | None:
        if name not in available:
            return None
        deployed[name] = bindings.container(name).deploy(*args, sender=deployer)
        return deployed[name]

    if token is None:
        token_contract = deploy("MarketToken", deployer.address, supply)
        assert token_contract is not None
    else:
        token_contract = bindings.at("MarketToken", token)
        deployed["MarketToken"] = token_contract
    registry = deploy("ModelRegistry")
    assert registry is not None
    staking = deploy("StakingPool", token_contract.address, registry.address, deployer.address)
    payments = None
    if staking is not None:
        payments = deploy(
            "UsagePayments", token_contract.address, registry.address, staking.address, treasury, deployer.address
        )
    if payments is not None:
        deploy("Reputation", payments.address)
    if staking is not None and payments is not None:
        # Disputes bounds refunds by what a consumer paid the asset (UsagePayments.spentBy).
        disputes = deploy(
            "Disputes",
            token_contract.address,
            registry.address,
            staking.address,
            payments.address,
            treasury,
            arbiter,
            deployer.address,
        )
        if disputes is not None:
            # The first slasher applies at once (wiring); later changes wait the thawing period.
            staking.setSlasher(disputes.address, sender=deployer)
            # Stateless: claims everything an account is owed in one transaction.
            deploy("Payouts", payments.address, staking.address, disputes.address)
            # Compute-to-data: its arbiter and treasury are Disputes' (changed only through its delay).
            deploy(
                "ComputeJobs",
                token_contract.address,
                registry.address,
                staking.address,
                disputes.address,
                *COMPUTE_JOBS_PARAMS,
            )
            # No admin: bonds and windows are immutable; the protocol cut goes to Disputes' treasury.
            deploy("EvalRegistry", disputes.address, registry.address, {**EVAL_PARAMS, **(eval_params or {})})
    # Federated training: lists trained models in the registry; holds its own pools and bonds; collects the
    # participants' royalties on trained models from UsagePayments.
    if payments is not None:
        deploy("TrainingRounds", token_contract.address, registry.address, payments.address)
    # Synthetic-data bounties hold their own bonds (no StakingPool slasher); they read the registry.
    deploy(
        "DataBounties", token_contract.address, registry.address, BOUNTY_MIN_VALIDATOR_STAKE, BOUNTY_MIN_GENERATOR_BOND
    )

    # What each compliance flag and licence id means, seeded from modelmarket.compliance's defaults.
    compliance = deploy("ComplianceRegistry", deployer.address)
    if compliance is not None:
        from modelmarket.compliance import seed

        seed(compliance, deployer)

    record = Deployment(
        chain_id=chain.chain_id,
        deployer=deployer.address,
        block_number=first_block,
        token_is_external=token is not None,
        contracts={name: contract.address for name, contract in deployed.items()},
        params={"treasury": treasury, "arbiter": arbiter},
    )
    if save:
        record.save()
    return Marketplace(record, deployed)


def load_marketplace(chain_id: int | None = None) -> Marketplace:
    """The deployment recorded for `chain_id` (default: the connected chain).

    Raises `DeploymentNotFound` when no record exists, or when the record's registry has no code
    on the connected chain (a local chain restarted since the record was written).
    """
    from ape import chain

    record = Deployment.load(chain.chain_id if chain_id is None else chain_id)
    registry = record.contracts.get("ModelRegistry")
    if chain_id is None and registry and not chain.provider.get_code(registry):
        raise DeploymentNotFound(
            f"no modelmarket deployment on chain {record.chain_id}: {record.path()} names {registry}, which has"
            " no code here (was the chain restarted?); run `modelmarket deploy` or `modelmarket dev start`"
        )
    return Marketplace(record, {name: bindings.at(name, address) for name, address in record.contracts.items()})
