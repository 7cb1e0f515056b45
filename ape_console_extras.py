"""`ape console` extras: the deployed marketplace for the connected chain, ready to use.

In the console: `market.registry.getAsset(1)`, `registry`, `staking`, `payments`, `reputation`,
`disputes`, `token`, and `vouchers` (the SDK module).
"""

from __future__ import annotations

from typing import Any


def ape_init_extras(chain) -> dict[str, Any]:
    from modelmarket import vouchers
    from modelmarket.deploy import ATTRIBUTES, load_marketplace
    from modelmarket.deployments import DeploymentNotFound

    extras: dict[str, Any] = {"vouchers": vouchers}
    try:
        market = load_marketplace(chain.chain_id)
    except DeploymentNotFound as missing:
        print(f"modelmarket: {missing}")
        return extras
    extras["market"] = market
    for name, contract in market.contracts.items():
        extras[ATTRIBUTES[name]] = contract
    print(f"modelmarket: loaded {', '.join(market.contracts)} on chain {chain.chain_id}")
    return extras
