"""Single sign-on keeps memberships in step with the provider, and never silently overrides a
coordinator's change in Värn."""

import logging

from varn.accounts.claims import Grant
from varn.accounts.models import SsoNotice
from varn.accounts.services import SSO_REASON, is_managed_by_sso, sync_memberships
from varn.factories import MembershipFactory, UserFactory
from varn.organisations.models import Membership, Role


def _latest_reason(membership):
    return membership.history.order_by("-history_date", "-history_id").first().history_change_reason


def test_a_new_sso_user_gets_the_memberships_the_claims_give(cast):
    user = UserFactory(username="ny")
    result = sync_memberships(user, [Grant("alingsas", "unit_editor", "SOC"), Grant("lerum", "viewer")])
    assert len(result.created) == 2
    editor = Membership.objects.get(user=user, municipality=cast.municipality)
    assert editor.role == Role.UNIT_EDITOR and editor.unit == cast.unit and editor.managed_by_sso
    assert _latest_reason(editor) == SSO_REASON
    assert Membership.objects.get(user=user, municipality=cast.other).role == Role.VIEWER


def test_a_role_changed_in_the_directory_is_updated_at_the_next_sign_in(cast):
    user = UserFactory(username="ny")
    sync_memberships(user, [Grant("alingsas", "viewer")])
    result = sync_memberships(user, [Grant("alingsas", "partner", "Vision")])
    membership = Membership.objects.get(user=user, municipality=cast.municipality)
    assert result.updated == [membership]
    assert membership.role == Role.PARTNER and membership.partner == cast.partner


def test_a_membership_removed_from_the_directory_is_switched_off(cast):
    user = UserFactory(username="ny")
    sync_memberships(user, [Grant("alingsas", "viewer")])
    result = sync_memberships(user, [])
    membership = Membership.objects.get(user=user)
    assert result.deactivated == [membership] and not membership.is_active


def test_a_membership_a_coordinator_set_in_varn_is_kept_and_the_difference_recorded(cast, caplog):
    membership = Membership.objects.get(user=cast.viewer)
    with caplog.at_level(logging.WARNING, logger="varn.accounts.services"):
        result = sync_memberships(cast.viewer, [Grant("alingsas", "coordinator")])
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    assert result.kept_local == [(membership, Grant("alingsas", "coordinator"))]
    notice = SsoNotice.objects.get()
    assert notice.municipality == cast.municipality and notice.user == cast.viewer
    assert notice.claimed == "Samordnare" and notice.local == "Läsare"
    assert "keeps the role set in Värn" in caplog.text


def test_a_change_made_in_varn_after_sso_is_not_overwritten(cast):
    user = UserFactory(username="ny")
    sync_memberships(user, [Grant("alingsas", "viewer")])
    membership = Membership.objects.get(user=user)
    # A coordinator makes the person a coordinator, in the admin, without touching the flag.
    membership.role = Role.COORDINATOR
    membership._history_user = cast.coordinator
    membership.save()
    assert membership.managed_by_sso and not is_managed_by_sso(membership)
    sync_memberships(user, [Grant("alingsas", "viewer")])
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    assert not membership.managed_by_sso
    assert SsoNotice.objects.get().local == "Samordnare"


def test_the_same_difference_is_recorded_once(cast):
    for _ in range(3):
        sync_memberships(cast.viewer, [Grant("alingsas", "coordinator")])
    assert SsoNotice.objects.count() == 1


def test_local_memberships_are_not_switched_off_when_the_directory_omits_them(cast):
    sync_memberships(cast.viewer, [])
    assert Membership.objects.get(user=cast.viewer).is_active


def test_unknown_municipalities_and_organisations_are_reported(cast):
    user = UserFactory(username="ny")
    result = sync_memberships(user, [Grant("goteborg", "viewer"), Grant("alingsas", "unit_editor", "XYZ")])
    assert result.problems == [
        "Okänd kommun i katalogen: goteborg",
        "Okänd organisation i Alingsås kommun: XYZ",
    ]
    assert not Membership.objects.filter(user=user).exists()


def test_an_inactive_local_membership_is_not_reactivated(cast):
    user = UserFactory(username="ny")
    MembershipFactory(user=user, municipality=cast.municipality, role=Role.VIEWER, is_active=False)
    result = sync_memberships(user, [Grant("alingsas", "viewer")])
    assert not Membership.objects.get(user=user).is_active
    assert len(result.kept_local) == 1
    assert SsoNotice.objects.get().local == "Ingen behörighet (avstängd i Värn)"
