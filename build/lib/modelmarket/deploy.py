"""Deploy and wire the marketplace, and load an existing deployment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelmarket import bindings
from modelmarket.deployments import Deployment

if TYPE_CHECKING:
    from ape.api import AccountAPI
    from ape.contracts import ContractInstance

#: 1 billion tokens with 18 decimals, minted to the deployer when no token is given.
DEFAULT_SUPPLY = 10**9 * 10**18

#: Attribute names on `Marketplace` for each contract.
ATTRIBUTES: dict[str, str] = {
    "MarketToken": "token",
    "ModelRegistry": "registry",
    "StakingPool": "staking",
    "UsagePayments": "payments",
    "Reputation": "reputation",
    "Disputes": "disputes",
    "Payouts": "payouts",
}


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
) -> Marketplace:
    """Deploy every contract in this build, wire them together and record the addresses.

    With `token` given, that existing ERC-20 is used for stake and payments; otherwise a fresh
    `MarketToken` with `supply` is minted to the deployer. Treasury and arbiter default to the
    deployer; the deployer is the admin of every contract.
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
    """The deployment recorded for `chain_id` (default: the connected chain)."""
    from ape import chain

    record = Deployment.load(chain.chain_id if chain_id is None else chain_id)
    return Marketplace(record, {name: bindings.at(name, address) for name, address in record.contracts.items()})
