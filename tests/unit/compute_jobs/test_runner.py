"""The provider's runner (modelmarket.compute.runner) against the chain: real training, signed post."""

from __future__ import annotations

from modelmarket.compute.recipes import DEFAULT_PARAMS, Params, Recipe
from modelmarket.compute.results import ResultStore, verify_result
from modelmarket.compute.runner import ComputeProvider
from tests.unit.compute_jobs.helpers import MAX_UINT, POSTED, order, terms


def _setup(compute, registry, dataset, provider_asset, hospital, token, consumer, chain, params_hash):
    recipe = Recipe()
    compute.approveAlgorithm(dataset, recipe.content_hash, terms(provider_asset), sender=hospital)
    token.approve(compute, MAX_UINT, sender=consumer)
    compute.orderJob(order(dataset, chain, algorithmHash=recipe.content_hash, paramsHash=params_hash), sender=consumer)
    return recipe


def test_runner_posts_a_result_the_consumer_can_verify(compute, registry, dataset, provider_asset, hospital, provider,
                                                        token, consumer, chain, tmp_path):
    recipe = _setup(compute, registry, dataset, provider_asset, hospital, token, consumer, chain,
                    DEFAULT_PARAMS.content_hash)
    store = ResultStore(tmp_path)
    outcomes = ComputeProvider.with_recipes(compute, registry, provider, store, [recipe]).poll_once()
    assert [o.action for o in outcomes] == ["posted"]
    job = compute.getJob(1)
    assert job.status == POSTED
    assert verify_result(store.fetch(1), bytes(job.resultHash))


def test_runner_skips_jobs_whose_parameters_it_was_not_given(compute, registry, dataset, provider_asset, hospital,
                                                             provider, token, consumer, chain, tmp_path):
    recipe = _setup(compute, registry, dataset, provider_asset, hospital, token, consumer, chain,
                    Params(split_seed=9).content_hash)
    outcomes = ComputeProvider.with_recipes(compute, registry, provider, ResultStore(tmp_path), [recipe]).poll_once()
    assert [o.action for o in outcomes] == ["skipped"] and compute.getJob(1).status == 1


def test_runner_reports_a_failed_job_and_goes_on(compute, registry, staking, dataset, provider_asset, hospital,
                                                 provider, token, consumer, chain, tmp_path):
    recipe = _setup(compute, registry, dataset, provider_asset, hospital, token, consumer, chain,
                    DEFAULT_PARAMS.content_hash)
    staking.unstake(provider_asset, staking.getStaker(provider_asset, provider).selfShares, sender=provider)
    runner = ComputeProvider.with_recipes(compute, registry, provider, ResultStore(tmp_path), [recipe])
    assert [o.action for o in runner.poll_once()] == ["failed"]
    assert runner.next_job == 2
