"""The dashboard in a real browser: Debian's chromium (installed by `make test`'s chromium stamp),
driven by playwright, against pages served from a small scenario's chain events.

Screenshots go to `tests/output/dashboard/` (git-ignored); their path is printed.
"""

from __future__ import annotations

import struct
from functools import partial
from pathlib import Path

import pytest

from modelmarket.catalog import versions_of as chain_versions_of
from modelmarket.compliance import FLAGS
from modelmarket.dashboard.server import Dashboard, DashboardServer
from modelmarket.dashboard.sources import head_block, load_snapshot
from modelmarket.eip712 import Domain
from modelmarket.units import format_amount
from modelmarket.vouchers import Voucher, VoucherSigner
from tests.conftest import MAX_UINT, TOKEN, listing

CHROMIUM = "/usr/bin/chromium"
#: Flags that keep Debian's chromium quiet on a closed network (no background connections).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
OUTPUT = Path(__file__).resolve().parents[1] / "output" / "dashboard"
MIN_SELF_STAKE = 1_000 * TOKEN  # StakingPool default
MIN_BOND = 100 * TOKEN  # Disputes default
PRICE = TOKEN


@pytest.fixture(scope="module")
def scenario(market, token, registry, staking, payments, reputation, disputes, owner, other_owner, delegator,
             delegator2, consumer, stranger, chain):
    """A base model and a dataset, a fine-tuned child of both with two versions, stake from its
    owner and two delegators, paid by vouchers and per call at two times, rated, and disputed."""
    for account in (owner, other_owner, delegator, delegator2):
        token.approve(staking, MAX_UINT, sender=account)

    def list_asset(sender, **params) -> int:
        receipt = registry.list(listing(**params), sender=sender)
        return receipt.events.filter(registry.AssetListed)[0].assetId

    base = list_asset(owner, complianceFlags=FLAGS["commercial"] | FLAGS["pii-free"], pricePerCall=PRICE)
    data = list_asset(other_owner, kind=1, licenseId=b"CC-BY-4.0".ljust(32, b"\0"),
                      complianceFlags=FLAGS["pii-free"])
    tuned = list_asset(owner, licenseId=b"Apache-2.0".ljust(32, b"\0"), complianceFlags=FLAGS["commercial"],
                       pricePerCall=PRICE, parents=[(base, 500), (data, 300)])
    registry.publishVersion(tuned, b"\x22" * 32, "ipfs://tuned-v2", sender=owner)
    staking.stake(tuned, MIN_SELF_STAKE, sender=owner)
    staking.delegateStake(tuned, 500 * TOKEN, sender=delegator)
    staking.delegateStake(tuned, 200 * TOKEN, sender=delegator2)

    token.approve(payments, MAX_UINT, sender=consumer)
    payments.deposit(100 * TOKEN, sender=consumer)
    payments.allocate(tuned, 100 * TOKEN, sender=consumer)
    payments.payPerCall(tuned, 3, PRICE, sender=consumer)
    chain.pending_timestamp += 3_600
    domain = Domain.from_eip5267(payments.eip712Domain())
    signed = VoucherSigner(consumer.private_key, domain).sign(
        Voucher(consumer.address, tuned, 5 * PRICE, chain.pending_timestamp + 3_600)
    )
    payments.redeem(signed.voucher.to_tuple(), signed.signature, sender=owner)
    payments.settle(tuned, sender=owner)

    token.approve(reputation, MAX_UINT, sender=consumer)
    reputation.rate(tuned, 4, 8 * TOKEN, b"\0" * 32, "ipfs://review", sender=consumer)
    token.approve(disputes, MAX_UINT, sender=stranger)
    disputes.openDispute(tuned, MIN_BOND, b"\x07" * 32, "ipfs://evidence", "0x" + "00" * 20, 0, sender=stranger)
    return {"base": base, "data": data, "tuned": tuned}


@pytest.fixture(scope="module")
def server(market, scenario):
    dashboard = DashboardServer(Dashboard(partial(load_snapshot, market), head_block)).start()
    yield dashboard
    dashboard.stop()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it (tools/apt-install.sh)"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1200, "height": 900})
        tab.set_default_timeout(20_000)
        yield tab
        browser.close()


def _screenshot(page, name: str) -> Path:
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 0 and height > 0 and len(data) > 5_000


def _card(page, testid: str) -> str:
    return page.get_by_test_id(testid).locator("b").inner_text().strip()


def test_catalog_lists_every_asset_and_filters_in_the_browser(page, server, scenario):
    page.goto(server.url + "/")
    assert page.get_by_test_id("count").inner_text() == "3 of 3 assets"
    _assert_png(_screenshot(page, "catalog"))

    page.get_by_test_id("filter-kind").select_option("dataset")  # the form submits on change
    page.wait_for_url("**/?*kind=dataset*")
    assert page.get_by_test_id("count").inner_text() == "1 of 3 assets"
    assert page.get_by_test_id(f"asset-link-{scenario['data']}").is_visible()

    page.goto(server.url + "/")
    page.get_by_test_id("flag-commercial").check()
    page.wait_for_url("**/?*flag=commercial*")
    shown = page.locator("[data-testid^=asset-link-]").all_inner_texts()
    assert shown == [f"#{scenario['base']}", f"#{scenario['tuned']}"]

    page.get_by_test_id("filter-license").select_option("Apache-2.0")
    page.wait_for_url("**/?*license=Apache-2.0*")
    assert page.locator("[data-testid^=asset-link-]").all_inner_texts() == [f"#{scenario['tuned']}"]
    _assert_png(_screenshot(page, "catalog-filtered"))


def test_click_through_to_an_asset_shows_what_the_chain_holds(
    page, server, scenario, market, registry, staking, reputation, payments, disputes, delegator, delegator2,
    consumer,
):
    tuned = scenario["tuned"]
    page.goto(server.url + "/")
    page.get_by_test_id(f"asset-link-{tuned}").click()
    page.wait_for_url(f"**/asset/{tuned}")

    # versions: every version the registry counts, with the hash it stores and the URI its event carries
    rows = page.get_by_test_id("versions").locator("tbody tr")
    assert rows.count() == registry.getAsset(tuned).versionCount == 2
    for index, version in enumerate(chain_versions_of(market, tuned)):
        cells = rows.nth(index).locator("td").all_inner_texts()
        assert cells[0] == str(version.version) and cells[2] == version.metadata_uri
        stored = "0x" + bytes(registry.getVersion(tuned, version.version).contentHash).hex()
        assert rows.nth(index).locator("code").get_attribute("title") == stored

    # lineage: one linked node per parent the registry stores, with its royalty
    lineage = page.get_by_test_id("lineage")
    parents = registry.getParents(tuned)
    assert sorted(lineage.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(
        f"/asset/{parent.assetId}" for parent in parents
    )
    labels = lineage.locator("text").all_text_contents()
    assert all(f"{parent.royaltyBps / 100:g} %" in labels for parent in parents)

    # stake and delegators
    pool = staking.getPool(tuned)
    assert _card(page, "stake-self") == format_amount(pool.selfTokens)
    assert _card(page, "stake-delegated") == format_amount(pool.delegatedTokens)
    delegator_rows = page.get_by_test_id("delegators").locator("tbody tr")
    assert delegator_rows.count() == 2
    for index, account in enumerate((delegator, delegator2)):  # largest position first
        cells = delegator_rows.nth(index).locator("td").all_inner_texts()
        assert cells[0] == account.address
        assert cells[2] == str(staking.getStaker(tuned, account).delegatedShares)

    # reputation, payments (and their plot), disputes
    count, weighted_mean, _total_weight = reputation.summary(tuned)
    assert _card(page, "rating-count") == str(count) == "1"
    assert _card(page, "rating-mean") == f"{weighted_mean / 100:.2f}"
    assert _card(page, "paid-total") == format_amount(payments.spentBy(consumer, tuned))
    assert page.get_by_test_id("payments-plot").locator("circle").count() == 2
    assert page.get_by_test_id("disputes").locator("tbody tr").count() == disputes.openDisputeCount(tuned) == 1
    _assert_png(_screenshot(page, "asset"))

    # and through the lineage graph to a parent
    page.get_by_test_id("lineage").locator(f"a[href='/asset/{scenario['base']}']").click()
    page.wait_for_url(f"**/asset/{scenario['base']}")
    assert page.locator("h1").inner_text() == f"Model #{scenario['base']}"


def test_provider_page_shows_settled_payments_and_earnings(
    page, server, scenario, payments, staking, consumer, owner
):
    page.goto(f"{server.url}/asset/{scenario['tuned']}")
    page.get_by_test_id("owner-link").click()
    page.wait_for_url(f"**/provider/{owner.address}")
    assert _card(page, "settled") == format_amount(payments.spentBy(consumer, scenario["tuned"]))
    # nothing claimed yet: the owner's part of the fees waits in the pool, the base model's royalty in payments
    earned = staking.getPool(scenario["tuned"]).ownerRewards + payments.royaltiesOf(scenario["base"])
    assert earned > 0
    assert _card(page, "earnings") == format_amount(earned)
    assert page.get_by_test_id("no-ledger").is_visible()
    assert page.get_by_test_id("provider-assets").locator("tbody tr").count() == 2
    _assert_png(_screenshot(page, "provider"))
