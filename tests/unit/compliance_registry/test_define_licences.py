from __future__ import annotations

from modelmarket.compliance import DEFAULT_LICENCES, label

REASON = b"LICENCE-REVIEW".ljust(32, b"\0")
EVIDENCE = bytes.fromhex("cd" * 32)
TERM = ("copyleft", "https://spdx.org/licenses/GPL-3.0-only.html", bytes.fromhex("ee" * 32))
GPL = label("GPL-3.0-only")


def test_define_licences_adds_id_and_emits_reason(compliance, deployer):
    receipt = compliance.defineLicences([(GPL, TERM)], REASON, EVIDENCE, sender=deployer)

    assert compliance.licence(GPL) == TERM
    assert GPL in compliance.licenceIds()
    assert len(compliance.licenceIds()) == len(DEFAULT_LICENCES) + 1
    assert receipt.events.filter(compliance.LicenceDefined) == [
        compliance.LicenceDefined(
            licenseId=GPL, name=TERM[0], descriptionURI=TERM[1], descriptionHash=TERM[2],
            reasonCode=REASON, evidenceHash=EVIDENCE,
        )
    ]


def test_define_licences_redefinition_keeps_one_entry(compliance, deployer):
    compliance.defineLicences([(label("MIT"), TERM)], REASON, EVIDENCE, sender=deployer)

    assert compliance.licence(label("MIT")) == TERM
    assert len(compliance.licenceIds()) == len(DEFAULT_LICENCES)


def test_define_licences_reverts_when_id_zero(compliance, deployer, reverts_exactly):
    with reverts_exactly(compliance.ZeroLicenceId):
        compliance.defineLicences([(b"\0" * 32, TERM)], REASON, EVIDENCE, sender=deployer)


def test_define_licences_reverts_when_full(compliance, deployer, reverts_exactly):
    room = 64 - len(compliance.licenceIds())
    terms = [(label(f"L-{i}"), TERM) for i in range(room)]
    compliance.defineLicences(terms, REASON, EVIDENCE, sender=deployer)

    with reverts_exactly(compliance.TooManyLicences, maximum=64):
        compliance.defineLicences([(GPL, TERM)], REASON, EVIDENCE, sender=deployer)


def test_define_licences_reverts_when_caller_not_owner(compliance, stranger, reverts_exactly):
    with reverts_exactly(compliance.OwnableUnauthorizedAccount, account=stranger):
        compliance.defineLicences([(GPL, TERM)], REASON, EVIDENCE, sender=stranger)


def test_remove_licence_swaps_last_into_place(compliance, deployer):
    ids = list(compliance.licenceIds())

    receipt = compliance.removeLicence(ids[0], REASON, EVIDENCE, sender=deployer)

    assert list(compliance.licenceIds()) == [ids[-1], *ids[1:-1]]
    assert receipt.events.filter(compliance.LicenceRemoved) == [
        compliance.LicenceRemoved(licenseId=ids[0], reasonCode=REASON, evidenceHash=EVIDENCE)
    ]


def test_remove_licence_reverts_when_undefined(compliance, deployer, reverts_exactly):
    with reverts_exactly(compliance.LicenceNotDefined, licenseId=GPL):
        compliance.removeLicence(GPL, REASON, EVIDENCE, sender=deployer)
