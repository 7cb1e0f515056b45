from __future__ import annotations

from modelmarket.compliance import describe_flags, parse_flags, read_policy

REASON = b"EU-AI-ACT".ljust(32, b"\0")
EVIDENCE = bytes.fromhex("cd" * 32)
TERM = ("hipaa-phi", "https://www.hhs.gov/hipaa", bytes.fromhex("ee" * 32))


def test_define_flags_stores_term_and_emits_reason(compliance, deployer):
    receipt = compliance.defineFlags([(40, TERM)], REASON, EVIDENCE, sender=deployer)

    assert compliance.flag(40) == TERM
    assert compliance.definedFlags() >> 40 & 1 == 1
    assert receipt.events.filter(compliance.FlagDefined) == [
        compliance.FlagDefined(
            bit=40, name=TERM[0], descriptionURI=TERM[1], descriptionHash=TERM[2], reasonCode=REASON, evidenceHash=EVIDENCE
        )
    ]


def test_define_flags_redefines_meaning_read_by_python(compliance, deployer):
    compliance.defineFlags([(0, TERM)], REASON, EVIDENCE, sender=deployer)

    policy = read_policy(compliance)
    assert parse_flags("hipaa-phi", policy) == 1
    assert describe_flags(1, policy) == "hipaa-phi"


def test_define_flags_reverts_when_bit_out_of_range(compliance, deployer, reverts_exactly):
    with reverts_exactly(compliance.FlagBitOutOfRange, bit=64, maximum=63):
        compliance.defineFlags([(64, TERM)], REASON, EVIDENCE, sender=deployer)


def test_define_flags_reverts_when_name_empty(compliance, deployer, reverts_exactly):
    with reverts_exactly(compliance.EmptyName):
        compliance.defineFlags([(9, ("", TERM[1], TERM[2]))], REASON, EVIDENCE, sender=deployer)


def test_define_flags_reverts_when_caller_not_owner(compliance, stranger, reverts_exactly):
    with reverts_exactly(compliance.OwnableUnauthorizedAccount, account=stranger):
        compliance.defineFlags([(9, TERM)], REASON, EVIDENCE, sender=stranger)


def test_remove_flag_clears_definition(compliance, deployer, reverts_exactly):
    receipt = compliance.removeFlag(7, REASON, EVIDENCE, sender=deployer)

    assert compliance.definedFlags() >> 7 & 1 == 0
    assert receipt.events.filter(compliance.FlagRemoved) == [
        compliance.FlagRemoved(bit=7, reasonCode=REASON, evidenceHash=EVIDENCE)
    ]
    with reverts_exactly(compliance.FlagNotDefined, bit=7):
        compliance.flag(7)


def test_remove_flag_reverts_when_undefined(compliance, deployer, reverts_exactly):
    with reverts_exactly(compliance.FlagNotDefined, bit=50):
        compliance.removeFlag(50, REASON, EVIDENCE, sender=deployer)
