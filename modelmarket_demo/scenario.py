"""The demo scenario: the whole marketplace loop on one chain, step by step.

`scripts/demo.py` prints it (`make demo`); `tests/e2e/test_demo_scenario.py` runs the same steps and
checks every balance against the token's total supply.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from eth_account import Account
from rich.console import Console
from rich.table import Table

from modelmarket.addresses import ZERO_ADDRESS
from modelmarket.ape_signing import sign_typed_data
from modelmarket.catalog import catalog
from modelmarket.cli.models import registry_table
from modelmarket.compliance import FLAGS
from modelmarket.deploy import Marketplace, deploy_marketplace
from modelmarket.eip712 import Domain
from modelmarket.keccak import keccak
from modelmarket.ledger import ProviderLedger
from modelmarket.payments_chain import ContractPaymentsState, payments_domain, redeem_events_of
from modelmarket.payouts import claim_all, owed
from modelmarket.permits import permit_typed_data, split_signature
from modelmarket.receipts import Receipt, ReceiptSigner
from modelmarket.units import format_amount
from modelmarket.vouchers import Voucher, VoucherSigner

TOKEN = 10**18
INFERENCES = 1_000
PRICE_PER_INFERENCE = TOKEN // 500  # 0.002 tokens
DELEGATOR_CUT_BPS = 2_000
AGENT_KEY = keccak(b"modelmarket demo agent session key")
OPERATOR_KEY = keccak(b"modelmarket demo inference operator key")


def _label(text: str) -> bytes:
    return text.encode().ljust(32, b"\0")


@dataclass
class Cast:
    """Who plays which role (Ape test accounts on the embedded anvil)."""

    deployer: Any
    treasury: Any
    arbiter: Any
    base_owner: Any
    data_owner: Any
    tuner: Any
    delegator1: Any
    delegator2: Any
    consumer: Any
    reporter: Any

    @classmethod
    def from_test_accounts(cls) -> Cast:
        from ape import accounts

        test = accounts.test_accounts
        return cls(*(test[i] for i in range(10)))

    def everyone(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class Scenario:
    """State the scenario builds up, for printing and for the e2e assertions."""

    market: Marketplace
    cast: Cast
    console: Console
    assets: dict[str, int] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)

    # --------------------------------------------------------------------------- helpers

    def say(self, text: str) -> None:
        self.console.print(text)

    def table(self, title: str, rows: list[tuple[str, str]], headers: tuple[str, str] = ("", "")) -> None:
        table = Table(title=title)
        table.add_column(headers[0])
        table.add_column(headers[1], justify="right")
        for row in rows:
            table.add_row(*row)
        self.console.print(table)

    # ----------------------------------------------------------------------------- steps

    def list_model_family(self) -> None:
        """A base model, a training dataset and a fine-tune whose lineage names both."""
        registry, cast = self.market.registry, self.cast
        operator = Account.from_key(OPERATOR_KEY).address

        def list_asset(sender, kind: int, name: str, licence: str, flags: int, price: int, parents=(), op=ZERO_ADDRESS):
            params = {
                "kind": kind,
                "contentHash": keccak(f"{name}:v1".encode()),
                "metadataURI": f"ipfs://modelmarket-demo/{name}/card.json",
                "licenseId": _label(licence),
                "complianceFlags": flags,
                "pricePerCall": price,
                "operator": op,
                "parents": list(parents),
            }
            receipt = registry.list(params, sender=sender)
            return receipt.events.filter(registry.AssetListed)[0].assetId

        base = list_asset(
            cast.base_owner, 0, "llama-base-7b", "Apache-2.0", FLAGS["commercial"] | FLAGS["open-weights"], TOKEN // 1000
        )
        data = list_asset(
            cast.data_owner, 1, "clinical-notes-synth", "CC-BY-4.0", FLAGS["pii-free"] | FLAGS["synthetic-data"], 0
        )
        tuned = list_asset(
            cast.tuner, 0, "med-llama-7b-ft", "Apache-2.0", FLAGS["commercial"] | FLAGS["pii-free"],
            PRICE_PER_INFERENCE, parents=[(base, 500), (data, 300)], op=operator,
        )
        registry.publishVersion(
            tuned, keccak(b"med-llama-7b-ft:v2"), "ipfs://modelmarket-demo/med-llama-7b-ft/v2.json", sender=cast.tuner
        )
        self.assets.update(base=base, dataset=data, tuned=tuned)
        self.console.print(registry_table(catalog(self.market), title="registry: a model family with lineage"))

    def stake_and_delegate(self) -> None:
        """The fine-tune's owner self-stakes and sets a delegator cut; two delegators stake behind it."""
        from ape import chain

        staking, token, cast = self.market.staking, self.market.token, self.cast
        tuned = self.assets["tuned"]
        staking.setDelegatorCut(tuned, DELEGATOR_CUT_BPS, sender=cast.tuner)
        delay = staking.cutChangeDelay()
        chain.pending_timestamp += delay + 1
        chain.mine()
        self.say(f"owner announced a {DELEGATOR_CUT_BPS / 100:.0f} % delegator cut; it took effect after {delay} s")
        self_stake = max(staking.minSelfStake(), 10_000 * TOKEN)
        for account, amount, action in (
            (cast.tuner, self_stake, staking.stake),
            (cast.delegator1, 6_000 * TOKEN, staking.delegateStake),
            (cast.delegator2, 2_000 * TOKEN, staking.delegateStake),
        ):
            token.approve(staking.address, amount, sender=account)
            action(tuned, amount, sender=account)
        self.figures["self_stake"] = self_stake
        self.table(
            f"stake behind #{tuned} (serving: {staking.isServing(tuned)})",
            [
                ("owner self-stake", format_amount(staking.selfStakeOf(tuned, cast.tuner.address))),
                ("delegator 1", format_amount(staking.delegatedStakeOf(tuned, cast.delegator1.address))),
                ("delegator 2", format_amount(staking.delegatedStakeOf(tuned, cast.delegator2.address))),
                ("delegator cut (bps)", str(staking.effectiveDelegatorCut(tuned))),
            ],
        )

    def consumer_funds_agent(self) -> None:
        """The consumer deposits with a permit, funds the fine-tune's lane and gives its agent a scoped key."""
        from ape import chain

        payments, token, consumer = self.market.payments, self.market.token, self.cast.consumer
        tuned = self.assets["tuned"]
        amount, lane = 100 * TOKEN, 10 * TOKEN
        deadline = chain.pending_timestamp + 3600
        permit = permit_typed_data(token, consumer.address, payments.address, amount, deadline, chain.chain_id)
        v, r, s = split_signature(sign_typed_data(consumer, permit))
        payments.depositWithPermit(amount, deadline, v, r, s, sender=consumer)
        payments.allocate(tuned, lane, sender=consumer)
        agent = VoucherSigner(AGENT_KEY, payments_domain(payments))
        cap = 5 * TOKEN
        payments.authorizeSessionKey(agent.address, cap, chain.pending_timestamp + 86_400, [tuned], sender=consumer)
        self.figures.update(deposit=amount, lane=lane, agent=agent.address, agent_cap=cap)
        self.table(
            "consumer escrow: a free balance, and a lane that only the fine-tune can draw from",
            [
                ("deposited with a permit (no approve)", format_amount(amount)),
                (f"allocated to the lane of #{tuned}", format_amount(lane)),
                ("free balance left", format_amount(payments.freeBalanceOf(consumer.address))),
                (f"agent key {agent.address[:10]}… cap", f"{format_amount(cap)}, scoped to #{tuned}"),
            ],
        )

    def agent_pays_per_inference(self) -> None:
        """The agent signs one cumulative voucher per inference; the provider's ledger credits each."""
        from ape import chain

        payments, consumer = self.market.payments, self.cast.consumer
        tuned = self.assets["tuned"]
        ledger = ProviderLedger(
            payments_domain(payments), ContractPaymentsState(payments, self.market.registry), min_ttl=60
        )
        agent = VoucherSigner(AGENT_KEY, ledger.domain)
        deadline = chain.pending_timestamp + 3600
        vouchers = []
        started = time.perf_counter()
        for call in range(1, INFERENCES + 1):
            vouchers.append(agent.sign(Voucher(consumer.address, tuned, call * PRICE_PER_INFERENCE, deadline)))
        signing = time.perf_counter() - started
        started = time.perf_counter()
        credited = 0
        for signed in vouchers:
            verdict = ledger.accept(signed)
            if not verdict.accepted:
                raise RuntimeError(f"the provider refused a voucher: {verdict.describe()}")
            credited += verdict.credit
        verifying = time.perf_counter() - started
        assert bytes(payments.voucherDigest(vouchers[-1].voucher.to_tuple())) == ledger.domain.digest(vouchers[-1].voucher)
        self.figures.update(
            ledger=ledger, sign_rate=INFERENCES / signing, verify_rate=INFERENCES / verifying,
            credited=credited, paid_expected=INFERENCES * PRICE_PER_INFERENCE,
        )
        self.say(
            f"agent signed {INFERENCES} vouchers at {INFERENCES / signing:,.0f}/s; the provider's ledger checked "
            f"each against the contract's rules (signature, key cap and scope, lane coverage) at "
            f"{INFERENCES / verifying:,.0f}/s and holds only the latest "
            f"(cumulative {format_amount(vouchers[-1].voucher.cumulative_amount)})"
        )

    def provider_redeems(self) -> None:
        """One batch transaction redeems the latest voucher; settling splits the asset's revenue once."""
        payments, staking = self.market.payments, self.market.staking
        ledger: ProviderLedger = self.figures["ledger"]
        batch = ledger.batch(50)
        predicted = ledger.predict_batch(batch)
        receipt = payments.redeemBatch(
            [item.to_tuple() for item in batch], [item.signature for item in batch], sender=self.cast.tuner
        )
        events = redeem_events_of(payments, receipt)
        ledger.apply(events)
        paid = sum(event[4] for event in events.redeemed)
        assert paid == sum(verdict.paid for verdict in predicted), "the ledger mispredicted the batch"
        tuned, base, data = self.assets["tuned"], self.assets["base"], self.assets["dataset"]
        settled = payments.settle(tuned, sender=self.cast.tuner)
        split = settled.events.filter(payments.RevenueSettled)[0]
        fees = settled.events.filter(staking.FeesDeposited)[0]
        self.figures.update(paid=paid, redeem_gas=receipt.gas_used, settle_gas=settled.gas_used)
        self.table(
            f"{format_amount(paid)} redeemed for {INFERENCES} inferences (gas {receipt.gas_used:,}), then "
            f"settled once (gas {settled.gas_used:,})",
            [
                ("treasury (protocol fee)", format_amount(split.protocolFee)),
                (f"royalty → base model #{base}", format_amount(payments.royaltiesOf(base))),
                (f"royalty → dataset #{data}", format_amount(payments.royaltiesOf(data))),
                ("delegators (pool accumulator)", format_amount(fees.delegatorPart)),
                (f"owner of #{tuned}", format_amount(fees.ownerPart)),
            ],
            headers=("payee", "tokens"),
        )

    def everyone_claims(self) -> None:
        """Pull payments: each payee claims everything it is owed in one command (`modelmarket claim`).

        The delegators' cut streams over `REWARD_STREAM_PERIOD` (delegation earns for time in the
        pool), so the demo lets that period pass first on its local chain."""
        from ape import chain

        cast = self.cast
        chain.pending_timestamp += int(self.market.staking.REWARD_STREAM_PERIOD())
        chain.mine()
        self.say("a week later: the delegators' cut has streamed in full")
        rows = []
        for label, account in (
            ("treasury", cast.treasury),
            ("base owner", cast.base_owner),
            ("dataset owner", cast.data_owner),
            ("fine-tune owner", cast.tuner),
            ("delegator 1", cast.delegator1),
            ("delegator 2", cast.delegator2),
        ):
            before = self.market.token.balanceOf(account.address)
            claimed = claim_all(self.market, account)
            received = self.market.token.balanceOf(account.address) - before
            self.figures.setdefault("claims", {})[label] = received
            rows.append((label, f"{format_amount(received)} ({', '.join(p.label for p in claimed)})"))
        self.table("claims", rows, headers=("who", "claimed"))

    def consumer_rates(self) -> None:
        """The consumer, who paid, rates the fine-tune; weight follows spend."""
        reputation, tuned = self.market.reputation, self.assets["tuned"]
        comment = "ipfs://modelmarket-demo/reviews/1.json"
        weight = reputation.maxWeightOf(self.cast.consumer, tuned)  # all its spend allows; it pays 10 % of it
        self.market.token.approve(reputation, reputation.feeFor(self.cast.consumer, tuned, weight), sender=self.cast.consumer)
        reputation.rate(tuned, 92, weight, keccak(comment.encode()), comment, sender=self.cast.consumer)
        count, mean, weight = reputation.summary(tuned)
        self.figures["summary"] = (count, mean, weight)
        self.say(
            f"consumer rated #{tuned} 92/100: {count} rating, weighted mean "
            f"{mean / reputation.MEAN_SCALE():.2f}, weight {format_amount(weight)}"
        )

    def dispute_upheld(self) -> None:
        """A reporter disputes bad outputs; the arbiter slashes and refunds the consumer."""
        disputes, staking, token, cast = self.market.disputes, self.market.staking, self.market.token, self.cast
        tuned = self.assets["tuned"]
        bond = disputes.minBond()
        token.approve(disputes.address, bond, sender=cast.reporter)
        evidence = "ipfs://modelmarket-demo/evidence/hallucinated-dosage.json"
        receipt = disputes.openDispute(
            tuned, bond, keccak(evidence.encode()), evidence, cast.consumer.address, TOKEN, sender=cast.reporter
        )
        dispute_id = receipt.events.filter(disputes.DisputeOpened)[0].disputeId
        before, cap = staking.totalStake(tuned), staking.slashCap(tuned)
        slash = cap // 2
        receipt = disputes.upholdDispute(dispute_id, slash, TOKEN, sender=cast.arbiter)
        event = receipt.events.filter(disputes.DisputeUpheld)[0]
        self.figures["dispute_slash"] = event.slashed
        self.table(
            f"dispute #{dispute_id} upheld",
            [
                ("stake before", format_amount(before)),
                (f"slashed (cap {format_amount(cap)})", format_amount(event.slashed)),
                ("reporter reward", format_amount(event.reporterReward)),
                ("consumer refund", format_amount(event.refund)),
                ("treasury", format_amount(event.treasuryAmount)),
                ("stake after", format_amount(staking.totalStake(tuned))),
            ],
        )

    def equivocation_proved(self) -> None:
        """The operator signed two different answers to one request: anyone proves it, no arbiter."""
        from ape import chain

        disputes, tuned = self.market.disputes, self.assets["tuned"]
        version = self.market.registry.getAsset(tuned).versionCount
        operator = ReceiptSigner(OPERATOR_KEY, Domain.disputes(chain.chain_id, disputes.address))
        request = keccak(b"prompt: max paracetamol dose for adults?")
        first = operator.sign(Receipt(request, keccak(b"4 g per day"), tuned, version))
        second = operator.sign(Receipt(request, keccak(b"40 g per day"), tuned, version))
        finder = self.cast.reporter
        # Commit first, prove in a later block: a copy of the proving transaction pays the finder.
        commitment = disputes.equivocationCommitment(finder.address, first.to_tuple(), second.to_tuple())
        disputes.commitEquivocation(commitment, sender=finder)
        receipt = disputes.proveEquivocation(
            first.to_tuple(), first.signature, second.to_tuple(), second.signature, finder.address, sender=finder
        )
        event = receipt.events.filter(disputes.EquivocationProven)[0]
        self.figures["equivocation_slash"] = event.slashed
        self.say(
            f"equivocation proven on #{tuned} v{version}: slashed {format_amount(event.slashed)}, "
            f"finder reward {format_amount(event.finderReward)}"
        )

    def payees_collect_dispute_payouts(self) -> None:
        """Reporter, consumer and treasury pull what the disputes credited them."""
        cast = self.cast
        for account in (cast.reporter, cast.consumer, cast.treasury):
            if owed(self.market, account.address):
                claim_all(self.market, account)

    def delegator_exits(self) -> None:
        """Delegator 1 undelegates, waits out the thawing period and withdraws."""
        from ape import chain

        staking, tuned, delegator = self.market.staking, self.assets["tuned"], self.cast.delegator1
        shares = staking.getStaker(tuned, delegator.address).delegatedShares
        staking.undelegate(tuned, shares, sender=delegator)
        period = staking.thawingPeriod()
        chain.pending_timestamp += period + 1
        chain.mine()
        receipt = staking.withdraw(tuned, sender=delegator)
        tokens = receipt.events.filter(staking.Withdrawn)[0].tokens
        self.figures["delegator_withdrawn"] = tokens
        self.say(f"delegator 1 undelegated, waited {period} s of thawing and withdrew {format_amount(tokens)}")

    def reconcile(self) -> dict[str, int]:
        """Every token is somewhere known: accounts plus contracts add up to the total supply."""
        token = self.market.token
        holders = {name: account.address for name, account in self.cast.everyone().items()}
        holders.update({name: contract.address for name, contract in self.market.contracts.items()})
        balances = {name: token.balanceOf(address) for name, address in holders.items()}
        supply = token.totalSupply()
        rows = [(name, format_amount(amount)) for name, amount in balances.items() if amount]
        rows.append(("[bold]sum[/bold]", format_amount(sum(balances.values()))))
        rows.append(("[bold]total supply[/bold]", format_amount(supply)))
        self.table("reconciliation", rows, headers=("holder", "balance"))
        self.figures.update(balances=balances, supply=supply)
        return balances


STEPS = (
    "list_model_family",
    "stake_and_delegate",
    "consumer_funds_agent",
    "agent_pays_per_inference",
    "provider_redeems",
    "everyone_claims",
    "consumer_rates",
    "dispute_upheld",
    "equivocation_proved",
    "payees_collect_dispute_payouts",
    "delegator_exits",
    "reconcile",
)


def run_demo(console: Console | None = None, *, save: bool = True) -> Scenario:
    """Run every step, printing each; returns the final state."""
    import os

    from modelmarket.cli import quiet_ape_logs, quiet_revert_traces

    quiet_revert_traces()
    # Ape's per-transaction lines would interleave with the scenario's; MODELMARKET_VERBOSE=1 keeps them.
    quiet_ape_logs(verbose=bool(os.environ.get("MODELMARKET_VERBOSE")))
    console = console or Console(width=140)
    cast = Cast.from_test_accounts()
    market = deploy_marketplace(cast.deployer, treasury=cast.treasury.address, arbiter=cast.arbiter.address, save=save)
    for account in (cast.base_owner, cast.data_owner, cast.tuner, cast.delegator1, cast.delegator2, cast.consumer, cast.reporter):
        market.token.transfer(account, 100_000 * TOKEN, sender=cast.deployer)
    console.rule("[bold]modelmarket demo")
    console.print(f"deployed {', '.join(market.contracts)} on chain {market.deployment.chain_id}")
    scenario = Scenario(market, cast, console)
    for step in STEPS:
        method = getattr(scenario, step)
        console.rule(method.__doc__.splitlines()[0] if method.__doc__ else step)
        method()
    return scenario
