// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {ModelRegistry} from "../../contracts/ModelRegistry.sol";
import {DataBounties} from "../../contracts/DataBounties.sol";
import {IDataBounties} from "../../interfaces/IDataBounties.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice `finalize` at the bound (64 validators × 16 submissions, every score revealed) fits inside
/// two thirds of a 30M-gas block with every slot cold, and conserves tokens.
contract DataBountiesBoundTest is Test {
    uint256 internal constant PHASE = 100;
    uint256 internal constant STAKE = 100e18;
    uint256 internal constant BOND = 10e18;
    uint256 internal constant REWARD = 1_000e18 + 7;
    /// Two thirds of a 30M-gas block.
    uint256 internal constant GAS_CEILING = 20_000_000;

    MarketToken internal token;
    DataBounties internal bounties;

    function setUp() public {
        token = new MarketToken(address(this), 1e30);
        ModelRegistry registry = new ModelRegistry();
        bounties = new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), STAKE, BOND);
        token.approve(address(bounties), type(uint256).max);
    }

    function _fund(address account, uint256 amount) internal {
        token.transfer(account, amount);
        vm.prank(account);
        token.approve(address(bounties), type(uint256).max);
    }

    function test_finalize_atTheBound_fitsInABlockAndConserves() public {
        uint256 start = block.timestamp;
        uint256 bountyId = bounties.postBounty(
            IDataBounties.BountyParams({
                specHash: bytes32(uint256(1)),
                specURI: "",
                criteriaHash: bytes32(uint256(2)),
                reward: uint128(REWARD),
                generatorBond: uint128(BOND),
                acceptThresholdBps: 6_000,
                sourceAssetId: 0,
                submitDeadline: uint64(start + PHASE),
                datasetRevealDeadline: uint64(start + 2 * PHASE),
                scoreCommitDeadline: uint64(start + 3 * PHASE),
                scoreRevealDeadline: uint64(start + 4 * PHASE)
            })
        );
        uint256 submissions = bounties.MAX_SUBMISSIONS();
        uint256 validators = bounties.MAX_VALIDATORS();
        uint256[] memory ids = new uint256[](submissions);
        for (uint256 j = 0; j < submissions; ++j) {
            address generator = address(uint160(0x10000 + j));
            _fund(generator, BOND);
            vm.prank(generator);
            ids[j] = bounties.submit(bountyId, keccak256(abi.encode(bytes32(j + 1), bytes32(0), generator, bountyId)));
        }
        for (uint256 i = 0; i < validators; ++i) {
            address validator = address(uint160(0x20000 + i));
            _fund(validator, STAKE + i * 1e18);
            vm.startPrank(validator);
            bounties.depositStake(STAKE + i * 1e18);
            bounties.joinBounty(bountyId);
            vm.stopPrank();
        }
        vm.warp(start + PHASE + 1);
        for (uint256 j = 0; j < submissions; ++j) {
            vm.prank(address(uint160(0x10000 + j)));
            bounties.revealDataset(ids[j], bytes32(j + 1), bytes32(0), "");
        }
        vm.warp(start + 2 * PHASE + 1);
        for (uint256 i = 0; i < validators; ++i) {
            address validator = address(uint160(0x20000 + i));
            vm.startPrank(validator);
            for (uint256 j = 0; j < submissions; ++j) {
                uint256 score = (i * 7919 + j * 104_729) % 10_001; // spread, so misses and clipping happen
                bounties.commitScore(ids[j], keccak256(abi.encode(score, bytes32(0), validator, ids[j])));
            }
            vm.stopPrank();
        }
        vm.warp(start + 3 * PHASE + 1);
        for (uint256 i = 0; i < validators; ++i) {
            address validator = address(uint160(0x20000 + i));
            vm.startPrank(validator);
            for (uint256 j = 0; j < submissions; ++j) {
                uint256 score = (i * 7919 + j * 104_729) % 10_001;
                bounties.revealScore(ids[j], uint16(score), bytes32(0));
            }
            vm.stopPrank();
        }
        vm.warp(start + 4 * PHASE + 1);
        // Every slot cold, as in a real finalize transaction.
        vm.cool(address(bounties));
        vm.cool(address(token));
        uint256 gasBefore = gasleft();
        bounties.finalize(bountyId);
        uint256 used = gasBefore - gasleft();
        emit log_named_uint("finalize gas at 64 x 16", used);
        assertLt(used, GAS_CEILING);

        uint256 owed = bounties.claimable(address(this));
        for (uint256 j = 0; j < submissions; ++j) {
            owed += bounties.claimable(address(uint160(0x10000 + j)));
            IDataBounties.Submission memory item = bounties.getSubmission(ids[j]);
            if (item.status == IDataBounties.SubmissionStatus.Accepted) owed += item.payout;
        }
        for (uint256 i = 0; i < validators; ++i) {
            address validator = address(uint160(0x20000 + i));
            owed += bounties.claimable(validator) + bounties.validatorOf(validator).stake;
            assertEq(bounties.validatorOf(validator).activeBounties, 0);
        }
        assertEq(token.balanceOf(address(bounties)), owed);
    }
}
