// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Disputes} from "../../contracts/Disputes.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {MockFeeToken} from "../../contracts/mocks/MockFeeToken.sol";
import {IDelayedChanges} from "../../interfaces/IDelayedChanges.sol";
import {IDisputes} from "../../interfaces/IDisputes.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {Base} from "./Base.t.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";

/// @notice Disputes: every revert, each resolution's payouts, equivocation slashing, admin.
contract DisputesUnitTest is Base {
    uint256 internal assetId;
    uint256 internal operatorPk = 0x0BE1;
    address internal operator;
    uint256 internal constant BOND = 100e18;

    function setUp() public override {
        super.setUp();
        vm.warp(30 days); // past the first equivocation cooldown, as on a live chain
        operator = vm.addr(operatorPk);
        IModelRegistry.ListingParams memory params = _listing(1e15);
        params.operator = operator;
        vm.prank(owner);
        assetId = registry.list(params);
        _stake(owner, assetId, 1_000e18);
        _delegate(delegator, assetId, 1_000e18);
    }

    function _open(address reporter, uint256 refundClaim) internal returns (uint256 id) {
        vm.prank(reporter);
        id = disputes.openDispute(assetId, BOND, keccak256("evidence"), "ipfs://e", consumer, refundClaim);
    }

    function test_constructor_revertsOnZeroAddress() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Disputes(token, registry, staking, payments, treasury, address(0), admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Disputes(IERC20(address(0)), registry, staking, payments, treasury, arbiter, admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Disputes(token, IModelRegistry(address(0)), staking, payments, treasury, arbiter, admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Disputes(token, registry, IStakingPool(address(0)), payments, treasury, arbiter, admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Disputes(token, registry, staking, payments, address(0), arbiter, admin);
    }

    /// The bond may be as large as uint96 allows, and not one wei more.
    function test_openDispute_bondUpToUint96Max() public {
        MarketToken big = new MarketToken(stranger, 2 ** 100);
        Disputes d = new Disputes(big, registry, staking, payments, treasury, arbiter, admin);
        _applyChange(address(staking), abi.encodeCall(staking.setSlasher, (address(d))), "slasher");
        uint256 max = type(uint96).max;
        vm.startPrank(stranger);
        big.approve(address(d), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.BondOutOfRange.selector, max + 1, BOND, max));
        d.openDispute(assetId, max + 1, keccak256("e"), "", address(0), 0);
        uint256 id = d.openDispute(assetId, max, keccak256("e"), "", address(0), 0);
        vm.stopPrank();
        assertEq(d.getDispute(id).bond, max);
        assertEq(big.balanceOf(address(d)), max);
    }

    function test_openDispute_reverts() public {
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 77));
        disputes.openDispute(77, BOND, keccak256("e"), "", address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.BondOutOfRange.selector, BOND - 1, BOND, type(uint96).max));
        disputes.openDispute(assetId, BOND - 1, keccak256("e"), "", address(0), 0);
        uint256 huge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IDisputes.BondOutOfRange.selector, huge, BOND, type(uint96).max));
        disputes.openDispute(assetId, huge, keccak256("e"), "", address(0), 0);
        vm.expectRevert(IDisputes.EmptyEvidence.selector);
        disputes.openDispute(assetId, BOND, bytes32(0), "", address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.RefundWithoutConsumer.selector, 5));
        disputes.openDispute(assetId, BOND, keccak256("e"), "", address(0), 5);
        uint256 id = disputes.openDispute(assetId, BOND, keccak256("e"), "", address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeAlreadyOpen.selector, assetId, stranger, id));
        disputes.openDispute(assetId, BOND, keccak256("e"), "", address(0), 0);
        vm.stopPrank();
        assertEq(disputes.getDispute(id).consumer, address(0));
        assertEq(uint8(disputes.getDispute(id).status), uint8(IDisputes.DisputeStatus.Open));
    }

    function test_openDispute_feeOnTransferRejected() public {
        MockFeeToken feeToken = new MockFeeToken(stranger, 1e24);
        Disputes d = new Disputes(IERC20(address(feeToken)), registry, staking, payments, treasury, arbiter, admin);
        _applyChange(address(staking), abi.encodeCall(staking.setSlasher, (address(d))), "slasher");
        vm.startPrank(stranger);
        feeToken.approve(address(d), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.FeeOnTransferUnsupported.selector, BOND, 99e18));
        d.openDispute(assetId, BOND, keccak256("e"), "", address(0), 0);
        vm.stopPrank();
    }

    function test_upholdDispute_slashesAndCredits() public {
        _payCalls(consumer, assetId, 50_000); // 50 tokens at 1e15 per call
        uint256 id = _open(stranger, 50e18);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.NotArbiter.selector, stranger));
        vm.prank(stranger);
        disputes.upholdDispute(id, 1, 0);
        vm.startPrank(arbiter);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.RefundAboveClaim.selector, id, 51e18, 50e18));
        disputes.upholdDispute(id, 100e18, 51e18);
        uint256 slashed = disputes.upholdDispute(id, 100e18, 50e18);
        vm.stopPrank();
        assertEq(slashed, 100e18);
        assertEq(staking.totalStake(assetId), 1_900e18);
        // reporter: bond + 20 %; consumer: refund; treasury: rest
        assertEq(disputes.claimable(stranger), BOND + 20e18);
        // reward + refund <= 50 % of the slash: the 50 refund is cut to 30, the treasury keeps 50
        assertEq(disputes.claimable(consumer), 30e18);
        assertEq(disputes.claimable(treasury), 50e18);
        assertEq(disputes.openDisputeOf(assetId, stranger), 0);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeNotOpen.selector, id, IDisputes.DisputeStatus.Upheld));
        vm.prank(arbiter);
        disputes.rejectDispute(id);
        uint256 before = token.balanceOf(stranger);
        vm.prank(stranger);
        assertEq(disputes.claim(), BOND + 20e18);
        assertEq(token.balanceOf(stranger) - before, BOND + 20e18);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, stranger));
        vm.prank(stranger);
        disputes.claim();
    }

    function test_upholdDispute_clampsSlashToTheCap() public {
        uint256 id = _open(stranger, 0);
        vm.prank(arbiter);
        assertEq(disputes.upholdDispute(id, 10_000e18, 0), 200e18); // 10 % of 2,000
        uint256 id2 = _open(delegator2, 0);
        vm.prank(arbiter);
        assertEq(disputes.upholdDispute(id2, 10_000e18, 0), 0); // the window's cap is used up
    }

    function test_upholdDispute_refundCappedByPayoutShareAndSpendAndZeroSlash() public {
        _payCalls(consumer, assetId, 1_000_000); // 1,000 tokens
        uint256 id = _open(stranger, 1_000e18);
        vm.prank(arbiter);
        disputes.upholdDispute(id, 10e18, 1_000e18);
        // reward 2 + refund <= 50 % of 10: the refund is 3, the treasury keeps 5
        assertEq(disputes.claimable(consumer), 3e18);
        assertEq(disputes.claimable(treasury), 5e18);
        assertEq(disputes.refunded(consumer, assetId), 3e18);
        uint256 id2 = _open(delegator2, 0);
        vm.prank(arbiter);
        assertEq(disputes.upholdDispute(id2, 0, 0), 0);
        assertEq(disputes.claimable(delegator2), BOND);
    }

    function test_rejectAndTimeout() public {
        uint256 id = _open(stranger, 0);
        vm.prank(arbiter);
        disputes.rejectDispute(id);
        assertEq(disputes.claimable(treasury), BOND);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.NotArbiter.selector, stranger));
        vm.prank(stranger);
        disputes.rejectDispute(id);

        uint256 id2 = _open(stranger, 0);
        uint64 dl = disputes.getDispute(id2).deadline;
        vm.expectRevert(abi.encodeWithSelector(IDisputes.ResolutionWindowOpen.selector, id2, dl));
        disputes.timeoutDispute(id2);
        vm.warp(dl);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.ResolutionWindowClosed.selector, id2, dl));
        vm.prank(arbiter);
        disputes.upholdDispute(id2, 0, 0);
        disputes.timeoutDispute(id2);
        assertEq(disputes.claimable(stranger), BOND);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeNotOpen.selector, id2, IDisputes.DisputeStatus.TimedOut));
        disputes.timeoutDispute(id2);
    }

    function _receipt(bytes32 response) internal view returns (IDisputes.Receipt memory r) {
        r = IDisputes.Receipt({
            requestHash: keccak256("req"), responseHash: response, assetId: assetId, version: 1, issuedAt: 1
        });
    }

    function _signReceipt(uint256 pk, IDisputes.Receipt memory r) internal view returns (bytes memory) {
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(pk, disputes.receiptDigest(r));
        return abi.encodePacked(rr, s, v);
    }

    function test_proveEquivocation_slashesOnce() public {
        IDisputes.Receipt memory a = _receipt(keccak256("A"));
        IDisputes.Receipt memory b = _receipt(keccak256("B"));
        bytes memory sa = _signReceipt(operatorPk, a);
        bytes memory sb = _signReceipt(operatorPk, b);
        uint256 slashed = _submit(a, sa, b, sb);
        assertEq(slashed, 100e18); // 5 % of 2,000
        assertEq(disputes.claimable(stranger), 20e18);
        assertEq(disputes.claimable(treasury), 80e18);
        assertTrue(disputes.equivocationProven(assetId, 1, keccak256("req")));
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.EquivocationAlreadyProven.selector, assetId, 1, keccak256("req"))
        );
        this.submitExternal(a, sa, b, sb);
    }

    function test_proveEquivocation_reverts() public {
        IDisputes.Receipt memory a = _receipt(keccak256("A"));
        IDisputes.Receipt memory b = _receipt(keccak256("B"));
        bytes memory sa = _signReceipt(operatorPk, a);
        bytes memory sb = _signReceipt(operatorPk, b);
        IDisputes.Receipt memory other = _receipt(keccak256("B"));
        other.version = 2;
        vm.expectRevert(IDisputes.ReceiptsNotComparable.selector);
        this.submitExternal(a, sa, other, sb);
        other = _receipt(keccak256("B"));
        other.requestHash = keccak256("other");
        vm.expectRevert(IDisputes.ReceiptsNotComparable.selector);
        this.submitExternal(a, sa, other, sb);
        other = _receipt(keccak256("B"));
        other.assetId = assetId + 1;
        vm.expectRevert(IDisputes.ReceiptsNotComparable.selector);
        this.submitExternal(a, sa, other, sb);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.SameResponse.selector, keccak256("A")));
        this.submitExternal(a, sa, a, sa);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.MalformedReceiptSignature.selector, uint8(2), bytes32(uint256(1))));
        this.submitExternal(a, hex"00", b, sb);
        bytes memory wrong = _signReceipt(0xBAD, b);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.WrongReceiptSigner.selector, assetId, vm.addr(0xBAD), operator));
        this.submitExternal(a, sa, b, wrong);
    }

    function _receiptFor(bytes32 request, bytes32 response) internal view returns (IDisputes.Receipt memory r) {
        r = IDisputes.Receipt({requestHash: request, responseHash: response, assetId: assetId, version: 1, issuedAt: 1});
    }

    /// @dev Commits (finder: the caller of the proof, `stranger`) in this block, proves in the next.
    function _submit(IDisputes.Receipt memory a, bytes memory sa, IDisputes.Receipt memory b, bytes memory sb)
        internal
        returns (uint256)
    {
        bytes32 commitment = disputes.equivocationCommitment(stranger, a, b);
        disputes.commitEquivocation(commitment);
        vm.roll(block.number + 1);
        vm.prank(stranger);
        return disputes.proveEquivocation(a, sa, b, sb, stranger);
    }

    function submitExternal(IDisputes.Receipt memory a, bytes memory sa, IDisputes.Receipt memory b, bytes memory sb)
        external
        returns (uint256)
    {
        return _submit(a, sa, b, sb);
    }

    function _prove(uint256 pk, bytes32 request) internal returns (uint256) {
        IDisputes.Receipt memory a = _receiptFor(request, keccak256("A"));
        IDisputes.Receipt memory b = _receiptFor(request, keccak256("B"));
        bytes memory sa = _signReceipt(pk, a);
        bytes memory sb = _signReceipt(pk, b);
        return _submit(a, sa, b, sb);
    }

    function test_proveEquivocation_cooldownThenProvableAgain() public {
        _prove(operatorPk, keccak256("req-1"));
        uint256 availableAt = block.timestamp + disputes.EQUIVOCATION_COOLDOWN();
        assertEq(disputes.lastEquivocationAt(assetId), block.timestamp);
        IDisputes.Receipt memory a = _receiptFor(keccak256("req-2"), keccak256("A"));
        IDisputes.Receipt memory b = _receiptFor(keccak256("req-2"), keccak256("B"));
        bytes memory sa = _signReceipt(operatorPk, a);
        bytes memory sb = _signReceipt(operatorPk, b);
        vm.warp(availableAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.EquivocationCooldown.selector, assetId, availableAt));
        this.submitExternal(a, sa, b, sb);
        vm.warp(availableAt);
        assertGt(_submit(a, sa, b, sb), 0);
    }

    function test_proveEquivocation_rewardCappedAtOwnerLoss() public {
        // Owner 1,000 of 40,000: the 5 % slash (2,000) takes the owner's 1,000 first; 20 % would be 400.
        _fund(delegator2, 38_000e18);
        _delegate(delegator2, assetId, 38_000e18);
        uint256 slashed = _prove(operatorPk, keccak256("req"));
        assertEq(slashed, 2_000e18);
        assertEq(staking.selfStakeOf(assetId, owner), 0);
        assertEq(disputes.claimable(stranger), 400e18);
        assertEq(disputes.claimable(treasury), 1_600e18);
    }

    function test_proveEquivocation_retiredKeyCountsWithinEvidenceWindow() public {
        uint256 nextPk = 0x0BE2;
        vm.prank(owner);
        registry.setOperator(assetId, vm.addr(nextPk));
        assertEq(registry.signerRetiredAt(assetId, operator), block.timestamp);
        assertGt(_prove(operatorPk, keccak256("req-1")), 0); // the retired key is still evidence

        vm.warp(block.timestamp + disputes.EVIDENCE_WINDOW());
        IDisputes.Receipt memory a = _receiptFor(keccak256("req-2"), keccak256("A"));
        IDisputes.Receipt memory b = _receiptFor(keccak256("req-2"), keccak256("B"));
        bytes memory sa = _signReceipt(operatorPk, a);
        bytes memory sb = _signReceipt(operatorPk, b);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.WrongReceiptSigner.selector, assetId, operator, vm.addr(nextPk))
        );
        this.submitExternal(a, sa, b, sb);
    }

    function test_proveEquivocation_emptyPoolSlashesNothing() public {
        vm.prank(otherOwner);
        uint256 empty = registry.list(_listing(1));
        IDisputes.Receipt memory a = _receipt(keccak256("A"));
        IDisputes.Receipt memory b = _receipt(keccak256("B"));
        a.assetId = empty;
        b.assetId = empty;
        uint256 pk = uint256(keccak256("otherOwner"));
        // the owner signs when no operator is set: use a listing by a known key
        address signer = vm.addr(pk);
        vm.prank(otherOwner);
        registry.setOperator(empty, signer);
        bytes memory sa2 = _signReceipt(pk, a);
        bytes memory sb2 = _signReceipt(pk, b);
        assertEq(_submit(a, sa2, b, sb2), 0);
        assertEq(disputes.claimable(address(this)), 0);
    }

    /// Every admin bound is inclusive; the resolution window may equal the thawing period.
    function test_adminSetters_acceptTheirBounds() public {
        _applyChange(address(disputes), abi.encodeCall(disputes.setMinBond, (1e15)), "minBond");
        assertEq(disputes.minBond(), 1e15);
        _applyChange(address(disputes), abi.encodeCall(disputes.setMinBond, (1e24)), "minBond");
        assertEq(disputes.minBond(), 1e24);
        _applyChange(address(disputes), abi.encodeCall(disputes.setResolutionWindow, (1 days)), "resolutionWindow");
        assertEq(disputes.resolutionWindow(), 1 days);
        assertEq(staking.thawingPeriod(), 14 days);
        _applyChange(address(disputes), abi.encodeCall(disputes.setResolutionWindow, (14 days)), "resolutionWindow");
        assertEq(disputes.resolutionWindow(), 14 days);
        _applyChange(address(disputes), abi.encodeCall(disputes.setReporterRewardBps, (5_000)), "reporterRewardBps");
        assertEq(disputes.reporterRewardBps(), 5_000);
    }

    /// Admin changes wait the thawing period, are events, and can be cancelled.
    function test_adminSetters_areQueuedBehindTheThawingPeriod() public {
        vm.prank(admin);
        disputes.setArbiter(stranger);
        assertEq(disputes.arbiter(), arbiter);
        uint256 executableAt = block.timestamp + staking.changeDelay();
        vm.warp(executableAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IDelayedChanges.ChangeNotReady.selector, bytes32("arbiter"), executableAt));
        disputes.executeChange("arbiter");
        vm.warp(executableAt);
        disputes.executeChange("arbiter");
        assertEq(disputes.arbiter(), stranger);
        vm.prank(admin);
        disputes.setTreasury(stranger);
        vm.prank(admin);
        disputes.cancelChange("treasury");
        vm.warp(block.timestamp + 90 days);
        vm.expectRevert(abi.encodeWithSelector(IDelayedChanges.NoPendingChange.selector, bytes32("treasury")));
        disputes.executeChange("treasury");
    }

    /// Defensive: the window never exceeds the pool's thawing period. Unreachable with today's constants
    /// (window <= 14 days <= thawing), so the thawing period is forced to 7 days with vm.store.
    function test_setResolutionWindow_neverAboveThawing() public {
        // StakingPool slot 3 packs slasher (bits 0-159) and thawingPeriod (bits 160-223)
        assertEq(_loadBits(address(staking), 3, 160, 64), staking.thawingPeriod());
        _storeBits(address(staking), 3, 160, 64, 7 days);
        assertEq(staking.thawingPeriod(), 7 days);
        _applyChange(address(disputes), abi.encodeCall(disputes.setResolutionWindow, (7 days)), "resolutionWindow");
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.ResolutionWindowNotBelowThawing.selector, 7 days + 1, 7 days)
        );
        vm.prank(admin);
        disputes.setResolutionWindow(7 days + 1);
    }

    function test_adminSetters() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        disputes.setArbiter(stranger);
        vm.startPrank(admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        disputes.setArbiter(address(0));
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        disputes.setTreasury(address(0));
        vm.expectRevert(abi.encodeWithSelector(IDisputes.ParameterOutOfBounds.selector, 1e15 - 1, 1e15, 1e24));
        disputes.setMinBond(1e15 - 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.ParameterOutOfBounds.selector, 1e24 + 1, 1e15, 1e24));
        disputes.setMinBond(1e24 + 1);
        uint64 maxWindow = disputes.MAX_RESOLUTION_WINDOW();
        vm.expectRevert(abi.encodeWithSelector(IDisputes.ParameterOutOfBounds.selector, 1 days - 1, 1 days, maxWindow));
        disputes.setResolutionWindow(1 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.ParameterOutOfBounds.selector, maxWindow + 1, 1 days, maxWindow)
        );
        disputes.setResolutionWindow(maxWindow + 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.ParameterOutOfBounds.selector, 5_001, 0, 5_000));
        disputes.setReporterRewardBps(5_001);
        vm.stopPrank();
        bytes[4] memory calls = [
            abi.encodeCall(disputes.setTreasury, (stranger)),
            abi.encodeCall(disputes.setMinBond, (1e18)),
            abi.encodeCall(disputes.setResolutionWindow, (2 days)),
            abi.encodeCall(disputes.setReporterRewardBps, (1))
        ];
        for (uint256 i; i < calls.length; ++i) {
            vm.prank(stranger);
            (bool ok,) = address(disputes).call(calls[i]);
            assertFalse(ok);
        }
    }

    function test_constantsAndViews() public view {
        assertEq(disputes.EQUIVOCATION_SLASH_BPS(), 500);
        assertEq(disputes.MAX_REPORTER_REWARD_BPS(), 5_000);
        assertEq(address(disputes.TOKEN()), address(token));
        assertEq(address(disputes.REGISTRY()), address(registry));
        assertEq(address(disputes.STAKING()), address(staking));
        assertEq(disputes.disputeCount(), 0);
        assertEq(
            disputes.RECEIPT_TYPEHASH(),
            keccak256(
                "Receipt(bytes32 requestHash,bytes32 responseHash,uint256 assetId,uint32 version,uint64 issuedAt)"
            )
        );
        assertEq(address(IStakingPool(address(staking)).slasher()), address(disputes));
    }
}
