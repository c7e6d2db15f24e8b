"""Bringing a person into a municipality: an invitation by e-mail, and accepting it.

The link in the e-mail carries a random token; Värn keeps only its hash (models.Invitation). The
person who opens it sets a password (a new account, the user name is the e-mail address), or, with
an account already, signs in and accepts with it: a second municipality needs no new password."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from varn.organisations.models import PEOPLE_REASON, Membership, Municipality, Partner, Role, Unit

from .models import Invitation, hash_token


def invitation_url(token: str) -> str:
    return settings.VARN_BASE_URL + reverse("accounts:invitation-accept", args=[token])


def existing_user(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk").first()


def is_member(municipality: Municipality, email: str) -> bool:
    return Membership.objects.filter(municipality=municipality, user__email__iexact=email.strip()).exists()


@transaction.atomic
def invite_person(
    municipality: Municipality,
    *,
    email: str,
    role: str,
    unit: Unit | None = None,
    partner: Partner | None = None,
    by,
) -> Invitation:
    """Create the invitation and send its link. An earlier open invitation to the same address in
    the same municipality stops working: the newest is the one that counts."""
    email = email.strip().lower()
    if is_member(municipality, email):
        raise ValidationError({"email": _("Personen är redan med i kommunen.")})
    now = timezone.now()
    for earlier in Invitation.objects.pending().filter(municipality=municipality, email__iexact=email):
        earlier.expires_at = now
        earlier._history_user = by  # type: ignore[attr-defined]
        earlier.save(update_fields=["expires_at"])
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        municipality=municipality,
        email=email,
        role=role,
        unit=unit if role == Role.UNIT_EDITOR else None,
        partner=partner if role == Role.PARTNER else None,
        token_hash=hash_token(token),
        created_by=by,
        expires_at=now + timedelta(days=settings.VARN_INVITATION_DAYS),
    )
    invitation._history_user = by  # type: ignore[attr-defined]
    invitation.save()
    _send(invitation, token, by=by)
    return invitation


def _send(invitation: Invitation, token: str, *, by) -> None:
    # Everything Värn writes for the municipality is Swedish (ADR 0007), whatever the sender reads.
    with translation.override("sv"):
        context = {
            "invitation": invitation,
            "url": invitation_url(token),
            "sender": (by.get_full_name() or by.get_username()) if by else "",
            "days": settings.VARN_INVITATION_DAYS,
        }
        subject = _("Inbjudan till Värn – %(municipality)s") % {"municipality": invitation.municipality.name}
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user) -> Membership:
    """Make the user a member with the invitation's role; the link cannot be used again."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.problem:
        raise ValidationError(locked.problem)
    if Membership.objects.filter(user=user, municipality_id=locked.municipality_id).exists():
        raise ValidationError(_("Du är redan med i kommunen."))
    membership = Membership(
        user=user,
        municipality_id=locked.municipality_id,
        role=locked.role,
        unit_id=locked.unit_id,
        partner_id=locked.partner_id,
    )
    membership._history_user = user  # type: ignore[attr-defined]
    membership._change_reason = PEOPLE_REASON  # type: ignore[attr-defined]
    membership.save()
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked._history_user = user  # type: ignore[attr-defined]
    locked.save(update_fields=["accepted_at", "accepted_by"])
    invitation.accepted_at, invitation.accepted_by = locked.accepted_at, user
    return membership


@transaction.atomic
def create_account_and_accept(invitation: Invitation, *, first_name: str, last_name: str, password: str):
    """A new person: the account (user name and e-mail: the invited address), then the membership."""
    User = get_user_model()
    user = User(username=invitation.email, email=invitation.email, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.save()
    accept_invitation(invitation, user=user)
    return user


@transaction.atomic
def set_up_municipality(code: str, *, coordinator_email: str, by) -> tuple[Municipality, Invitation]:
    """Site staff: a municipality from the official list and the invitation of its first coordinator."""
    municipality = Municipality.create_from_registry(code, by=by)
    invitation = invite_person(municipality, email=coordinator_email, role=Role.COORDINATOR, by=by)
    return municipality, invitation
