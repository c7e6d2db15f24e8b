"""Who may open which page and do which action: the permission matrix, as data.

docs/permissions.md shows this table (`python manage.py permission_matrix --write` regenerates it),
and varn/core/tests/test_permission_matrix.py walks the URL configuration and visits every route as
every role, in its own municipality and in another, checking the answer against these rows. A route
without a row fails that test, and so does a row without a route.

Adding a route is one line in ROUTES:

    Route("decisions:decision-detail", "decision", MEMBERS, what="Ett beslut"),

- name: the URL name ("namespace:name"); a route without a name is written as its pattern.
  "admin:*" is a row for every admin route that has no row of its own.
- target: which object of the test world the URL points at: "decision" gives pk=<the decision's
  id>; "program_pk=program" gives program_pk=<the program's id>; several are joined with commas,
  and a dotted path reads an attribute ("pk=program,number=version.number"). The objects are made by
  the makers in varn/core/tests/world.py (one line per kind of object).
- get / post / put: the expected answer for each role, in the order of ROLES, as six words. post is
  left empty for pages that take no action; an action is tested with an empty form (nothing valid is
  saved). put is only for the REST API, tested with an empty body.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("coordinator", "unit_editor", "partner", "viewer", "outsider", "anonymous")
ROLE_LABELS = {
    "coordinator": "Samordnare",
    "unit_editor": "Förvaltnings­kontakt",
    "partner": "Samverkans­part",
    "viewer": "Läsare",
    "outsider": "Annan kommun",
    "anonymous": "Ej inloggad",
}
# What each answer means. "login": sent to the sign-in page. 404 inside a municipality means "not
# yours to know about": another municipality's pages and objects, and objects a role may not see.
ANSWERS = {
    "200": "visas",
    "201": "skapat",
    "204": "utfört, inget innehåll",
    "302": "skickas vidare",
    "400": "felaktig begäran",
    "401": "API: nyckel saknas eller gäller inte",
    "403": "nekas (saknar behörighet)",
    "404": "finns inte (för den här personen)",
    "405": "metoden används inte",
    "login": "skickas till inloggningen",
}

# Patterns of answers, in the order of ROLES.
PUBLIC = "200 200 200 200 200 200"
MEMBERS = "200 200 200 200 404 login"
MANAGE = "200 403 403 403 404 login"
EDIT_OWN = "200 200 403 403 404 login"  # coordinator, and the unit that owns the object
NOT_PARTNER = "200 200 404 200 404 login"  # objects a partner does not take part in
SIGNED_IN = "200 200 200 200 200 login"
NOBODY = "404 404 404 404 404 404"
UPLOAD = "400 403 403 403 404 login"  # an upload form posted empty: 400 once the rights allow it
POST_ONLY = "405 405 405 405 404 login"  # an action: a GET is refused (after the municipality check)
RECORD = "200 200 200 403 404 login"  # coordinator, unit editor and partner, each for their own
INTERNAL = "200 200 403 200 404 login"  # administrations' working material: not for partners
NOT_MEMBER = "200 403 404 403 404 login"  # a forum neither the unit editor's unit nor the partner is in
# The REST API answers 401 where a page sends to the sign-in page.
API_MEMBERS = MEMBERS.replace("login", "401")
API_INTERNAL = INTERNAL.replace("login", "401")
API_NOT_PARTNER = NOT_PARTNER.replace("login", "401")
API_SIGNED_IN = SIGNED_IN.replace("login", "401")
# The admin site is for operations staff (is_staff) only. Its own pages send everyone else to the
# admin's sign-in page; its model pages are behind Värn's sign-in first.
ADMIN_ONLY = "302 302 302 302 302 login"
ADMIN_SITE = "302 302 302 302 302 302"


METHODS = ("GET", "POST", "PUT")


@dataclass(frozen=True)
class Route:
    name: str
    target: str = ""
    get: str = ""
    post: str = ""
    what: str = ""
    put: str = ""
    debug_only: bool = False  # exists only when DEBUG is on (development)

    def answers(self, method: str) -> str:
        return {"GET": self.get, "POST": self.post, "PUT": self.put}[method]

    def expected(self, method: str) -> dict[str, str]:
        words = self.answers(method).split()
        if len(words) != len(ROLES):
            raise ValueError(f"{self.name}: {method} needs {len(ROLES)} answers, got {words}")
        return dict(zip(ROLES, words, strict=True))


ROUTES: list[Route] = [
    # Outside any municipality.
    Route("healthz", get=PUBLIC, what="Driftkontroll (databasen svarar)"),
    Route(
        "set_language", get=PUBLIC.replace("200", "302"), post=PUBLIC.replace("200", "302"), what="Byt språk"
    ),
    Route("core:home", get="302 302 302 302 302 login", what="Startsidan skickar till den egna kommunen"),
    Route("core:login", get="302 302 302 302 302 200", post="302 302 302 302 302 200", what="Logga in"),
    Route(
        "core:logout", get="405 405 405 405 405 login", post=PUBLIC.replace("200", "login"), what="Logga ut"
    ),
    Route("accounts:account", get=SIGNED_IN, what="Mitt konto"),
    Route("accounts:password-change", get=SIGNED_IN, post=SIGNED_IN, what="Byt lösenord"),
    Route("accounts:password-change-done", get=SIGNED_IN, what="Lösenordet är bytt"),
    Route("accounts:password-reset", get=PUBLIC, post=PUBLIC, what="Glömt lösenordet: be om länk"),
    Route("accounts:password-reset-done", get=PUBLIC, what="Länk skickad"),
    Route(
        "accounts:password-reset-confirm",
        "uidb64=reset_uid,token=reset_token",
        get=PUBLIC.replace("200", "302"),
        what="Välj nytt lösenord (länken i mejlet)",
    ),
    Route("accounts:password-reset-complete", get=PUBLIC, what="Nytt lösenord sparat"),
    Route("accounts:two-factor", get=SIGNED_IN, post=SIGNED_IN, what="Slå på tvåstegsverifiering"),
    Route(
        "accounts:two-factor-disable",
        post="400 400 400 400 400 login",
        get="405 405 405 405 405 login",
        what="Stäng av tvåstegsverifiering (kräver kod)",
    ),
    Route(
        "accounts:two-factor-verify",
        get="302 302 302 302 302 login",
        post="302 302 302 302 302 login",
        what="Ange kod efter inloggning (skickar vidare när ingen kod behövs)",
    ),
    Route(
        "accounts:sso-start",
        get="404 404 404 404 404 404",
        what="Enkel inloggning (av när den inte är inställd)",
    ),
    Route(
        "accounts:sso-callback",
        get="404 404 404 404 404 404",
        what="Enkel inloggning: svar från kommunens katalog",
    ),
    Route("accounts:accessibility", get=PUBLIC, what="Tillgänglighetsredogörelse"),
    # The municipality's programme.
    Route("programs:dashboard", get=MEMBERS, what="Översikt"),
    Route("programs:program-list", get=MEMBERS, what="Program"),
    Route("programs:program-detail", "program", MEMBERS, what="Programmets text"),
    Route(
        "programs:version-detail", "pk=program,number=version.number", MEMBERS, what="En version av texten"
    ),
    Route("programs:program-edit", "program", MANAGE, post=MANAGE, what="Redigera programmet"),
    Route("programs:program-history", "program", MEMBERS, what="Programmets historik"),
    Route("programs:goal-list", get=MEMBERS, what="Mål"),
    Route("programs:goal-create", "program_pk=program", MANAGE, post=MANAGE, what="Nytt mål"),
    Route("programs:goal-edit", "goal", MANAGE, post=MANAGE, what="Redigera mål"),
    Route("programs:goal-history", "goal", MEMBERS, what="Målets historik"),
    Route("programs:measure-list", get=MEMBERS, what="Insatser"),
    Route("programs:measure-create", "program_pk=program", MANAGE, post=MANAGE, what="Ny insats"),
    Route("programs:measure-detail", "measure", MEMBERS, what="Insats (partnern deltar)"),
    Route("programs:measure-detail", "other_measure", NOT_PARTNER, what="Insats (partnern deltar inte)"),
    Route(
        "programs:measure-edit",
        "measure",
        EDIT_OWN,
        post=EDIT_OWN,
        what="Redigera insats (egen förvaltnings)",
    ),
    Route(
        "programs:measure-edit",
        "other_measure",
        MANAGE,
        post=MANAGE,
        what="Redigera insats (annan förvaltnings)",
    ),
    Route(
        "programs:measure-update", "measure", EDIT_OWN, post=EDIT_OWN, what="Lägesrapport (egen förvaltnings)"
    ),
    Route(
        "programs:measure-update",
        "other_measure",
        MANAGE,
        post=MANAGE,
        what="Lägesrapport (annan förvaltnings)",
    ),
    Route("programs:measure-history", "measure", MEMBERS, what="Insatsens historik"),
    Route(
        "programs:measure-history",
        "other_measure",
        NOT_PARTNER,
        what="Insatsens historik (partnern deltar inte)",
    ),
    # Organisations.
    Route("organisations:list", get=MANAGE, what="Organisationer"),
    Route("organisations:unit-create", get=MANAGE, post=MANAGE, what="Ny förvaltning"),
    Route("organisations:unit-edit", "unit", MANAGE, post=MANAGE, what="Redigera förvaltning"),
    Route("organisations:unit-history", "unit", MANAGE, what="Förvaltningens historik"),
    Route("organisations:partner-create", get=MANAGE, post=MANAGE, what="Ny samverkanspart"),
    Route("organisations:partner-edit", "partner", MANAGE, post=MANAGE, what="Redigera samverkanspart"),
    Route("organisations:partner-history", "partner", MANAGE, what="Samverkanspartens historik"),
    # Background work.
    Route(
        "jobs:detail",
        "job",
        MANAGE,
        what="Ett jobb som samordnaren startade (den som startade och samordnare)",
    ),
    Route("jobs:detail", "editor_job", EDIT_OWN, what="Ett jobb som förvaltningskontakten startade"),
    # Swedish on every screen (polish): a failed job tried again.
    Route(
        "jobs:retry",
        "job",
        POST_ONLY,
        post="302 403 403 403 404 login",
        what="Försök igen med ett misslyckat jobb (den som startade och samordnare)",
    ),
    Route(
        "jobs:retry",
        "editor_job",
        POST_ONLY,
        post="302 302 403 403 404 login",
        what="Försök igen med förvaltningskontaktens misslyckade jobb",
    ),
    # Access.
    Route("access:overview", get=MANAGE, what="Behörigheter och avvikelser mot kommunens katalog"),
    Route(
        "access:notice-resolve",
        "sso_notice",
        get="405 405 405 405 404 login",
        post="302 403 403 403 404 login",
        what="Markera avvikelse som hanterad",
    ),
    # Setting up a municipality and its people (issue 12): site staff (is_staff, none of the roles
    # here) create municipalities; coordinators invite, change roles, deactivate and reactivate; the
    # invitation's link is open to whoever holds it (a signed-in person with another address: 403).
    Route(
        "accounts:staff-municipalities",
        get="403 403 403 403 403 login",
        post="403 403 403 403 403 login",
        what="Driften: kommuner i Värn, lägg upp en kommun",
    ),
    Route("access:invite", get=MANAGE, post=MANAGE, what="Bjud in en person"),
    Route("access:membership-edit", "viewer_membership", MANAGE, post=MANAGE, what="Ändra en persons roll"),
    Route(
        "access:membership-deactivate",
        "viewer_membership",
        get=POST_ONLY,
        post="302 403 403 403 404 login",
        what="Stäng av en persons tillgång",
    ),
    Route(
        "access:membership-activate",
        "viewer_membership",
        get=POST_ONLY,
        post="302 403 403 403 404 login",
        what="Ge en avstängd person tillgång igen",
    ),
    Route("access:membership-history", "viewer_membership", MANAGE, what="En persons behörighetshistorik"),
    Route(
        "accounts:invitation-accept",
        "token=invitation_token",
        get=PUBLIC,
        post="403 403 403 403 403 200",
        what="Tacka ja till en inbjudan (länken i mejlet)",
    ),
    Route(
        "organisations:import",
        get=MANAGE,
        post=MANAGE,
        what="Lägg till organisationer från lista eller Excel",
    ),
    # The decision trail (issue 3): everyone in the municipality reads it (decisions are public
    # records); the coordinator records cases and decisions, imports protocols and applies amendments.
    Route("decisions:case-list", get=MEMBERS, what="Ärenden och beslut"),
    Route("decisions:case-create", get=MANAGE, post=MANAGE, what="Nytt ärende"),
    Route("decisions:case-detail", "case", MEMBERS, what="Ett ärende med beslutsgången"),
    Route("decisions:case-history", "case", MEMBERS, what="Ärendets historik"),
    Route("decisions:decision-create", "case", MANAGE, post=MANAGE, what="Nytt beslut i ärendet"),
    Route(
        "decisions:attachment-list",
        "case",
        MEMBERS,
        post=UPLOAD,
        what="Beslutsunderlag (ladda upp: POST)",
    ),
    Route(
        "decisions:amendment-preview",
        "case",
        MEMBERS,
        post=MANAGE,
        what="Ändringar i programtexten: förhandsgranska, anta (POST)",
    ),
    Route(
        "decisions:requirement-resolve",
        "requirement",
        MANAGE,
        post=MANAGE,
        what="Markera krav som tillgodosett",
    ),
    Route("decisions:attachment-file", "attachment", MEMBERS, what="Ladda ner beslutsunderlag"),
    Route("decisions:import-start", get=MANAGE, post=UPLOAD, what="Läs in protokoll"),
    Route(
        "decisions:import-review",
        "job_pk=import_job",
        MANAGE,
        post=MANAGE,
        what="Granska och bekräfta inläst protokoll",
    ),
    # Programme documents.
    Route(
        "documents:version-import",
        "program",
        MANAGE,
        post=UPLOAD,
        what="Läs in programdokument",
    ),
    Route(
        "documents:version-docx", "pk=program,number=version.number", MEMBERS, what="Programtexten som Word"
    ),
    Route("documents:version-pdf", "pk=program,number=version.number", MEMBERS, what="Programtexten som PDF"),
    # Training (issue 4): everyone reads coverage; the coordinator records for everyone, a unit editor
    # for their unit, a partner for their own organisation (and sees only its own figures).
    Route("training:coverage", get=MEMBERS, what="Utbildningstäckning"),
    Route("training:coverage-export", get=MEMBERS, what="Utbildningstäckning som Excel"),
    Route("training:effort-list", get=MEMBERS, what="Utbildningsinsatser (partnern ser sina egna)"),
    Route("training:effort-create", get=RECORD, post=RECORD, what="Registrera utbildningsinsats"),
    Route(
        "training:effort-edit",
        "effort",
        "200 200 404 403 404 login",
        post="200 200 404 403 404 login",
        what="Redigera utbildningsinsats (egen förvaltnings)",
    ),
    Route(
        "training:effort-edit",
        "other_effort",
        "200 403 404 403 404 login",
        post="200 403 404 403 404 login",
        what="Redigera utbildningsinsats (annan förvaltnings)",
    ),
    Route(
        "training:effort-edit",
        "partner_effort",
        "200 403 200 403 404 login",
        post="200 403 200 403 404 login",
        what="Redigera utbildningsinsats (partnerns egen)",
    ),
    Route(
        "training:effort-edit",
        "other_partner_effort",
        "200 403 404 403 404 login",
        post="200 403 404 403 404 login",
        what="Redigera utbildningsinsats (annan partners)",
    ),
    Route(
        "training:effort-delete",
        "effort",
        "200 200 404 403 404 login",
        post="302 302 404 403 404 login",
        what="Ta bort utbildningsinsats (egen förvaltnings)",
    ),
    Route(
        "training:effort-delete",
        "partner_effort",
        "200 403 200 403 404 login",
        post="302 403 302 403 404 login",
        what="Ta bort utbildningsinsats (partnerns egen)",
    ),
    Route("training:effort-history", "effort", NOT_PARTNER, what="Utbildningsinsatsens historik"),
    Route(
        "training:effort-history", "partner_effort", MEMBERS, what="Utbildningsinsatsens historik (partnerns)"
    ),
    Route("training:course-list", get=MEMBERS, what="Utbildningar och mål"),
    Route("training:course-create", get=MANAGE, post=MANAGE, what="Ny utbildning"),
    Route("training:course-edit", "course", MANAGE, post=MANAGE, what="Redigera utbildning"),
    Route("training:course-history", "course", MEMBERS, what="Utbildningens historik"),
    Route("training:target-create", get=MANAGE, post=MANAGE, what="Nytt utbildningsmål"),
    Route("training:target-edit", "training_target", MANAGE, post=MANAGE, what="Redigera utbildningsmål"),
    Route("training:offer-list", get=MEMBERS, what="Erbjudanden till fackliga parter"),
    Route("training:offer-create", get=MANAGE, post=MANAGE, what="Nytt erbjudande till facklig part"),
    Route(
        "training:offer-edit",
        "offer",
        "200 403 200 403 404 login",
        post="200 403 200 403 404 login",
        what="Erbjudande (partnern svarar på sitt eget)",
    ),
    Route(
        "training:offer-edit", "other_offer", MANAGE, post=MANAGE, what="Erbjudande till annan facklig part"
    ),
    # Every member reads every union's offer: the coverage page shows them all, as does the report.
    Route("training:offer-history", "other_offer", MEMBERS, what="Erbjudandets historik"),
    Route("training:import", get=RECORD, post=RECORD, what="Läs in utbildningssiffror"),
    Route("training:import-template", get=RECORD, what="Excelmall för utbildningssiffror"),
    Route(
        "training:import-preview",
        "token=import_token",
        "302 302 302 403 404 login",
        post="302 302 302 403 404 login",
        what="Förhandsgranska import (utgången: tillbaka till uppladdningen)",
    ),
    Route(
        "training:import-cancel",
        "token=import_token",
        POST_ONLY,
        post="302 302 302 403 404 login",
        what="Avbryt import",
    ),
    # Exchange with other systems (issue 15). Kolada key figures: every member reads them; the
    # coordinator chooses them, sets the comparisons and starts a fetch (a background job; no page
    # calls Kolada). Excel round trips: whoever reads a list exports it; whoever may edit its rows
    # imports an edited copy (read by a background job; its preview and confirmation are only its
    # importer's: another person's import is 404, a preview already saved or cancelled goes back).
    Route("indicators:list", get=MEMBERS, what="Nyckeltal från Kolada"),
    Route("indicators:indicator-create", get=MANAGE, post=MANAGE, what="Välj nyckeltal"),
    Route(
        "indicators:indicator-edit",
        "indicator",
        MANAGE,
        post=MANAGE,
        what="Ändra nyckeltal (utgångsvärde, mål)",
    ),
    Route("indicators:indicator-history", "indicator", MEMBERS, what="Nyckeltalets historik"),
    Route("indicators:source-edit", get=MANAGE, post=MANAGE, what="Jämförelser för nyckeltal"),
    Route("indicators:fetch", get=POST_ONLY, post="302 403 403 403 404 login", what="Hämta nyckeltal nu"),
    Route("programs:measure-export", get=MEMBERS, what="Insatslistan som Excel (för redigering)"),
    Route("programs:measure-import", get=EDIT_OWN, post=EDIT_OWN, what="Läs in ändrade insatser från Excel"),
    Route(
        "programs:measure-import-preview",
        "pk=measure_import_job",
        "302 404 403 403 404 login",
        post="302 404 403 403 404 login",
        what="Granska import av insatser (sparad eller avbruten: tillbaka till uppladdningen)",
    ),
    Route(
        "programs:measure-import-cancel",
        "pk=measure_import_job",
        POST_ONLY,
        post="302 404 403 403 404 login",
        what="Avbryt import av insatser",
    ),
    Route("followup:cost-roundtrip-export", get=INTERNAL, what="Kostnadsposter som Excel (för redigering)"),
    Route("followup:cost-import", get=EDIT_OWN, post=EDIT_OWN, what="Läs in ändrade kostnader från Excel"),
    Route(
        "followup:cost-import-preview",
        "pk=cost_import_job",
        "302 404 403 403 404 login",
        post="302 404 403 403 404 login",
        what="Granska import av kostnader (sparad eller avbruten: tillbaka till uppladdningen)",
    ),
    Route(
        "followup:cost-import-cancel",
        "pk=cost_import_job",
        POST_ONLY,
        post="302 404 403 403 404 login",
        what="Avbryt import av kostnader",
    ),
    Route(
        "training:coverage-import",
        get=RECORD,
        post=RECORD,
        what="Läs in ändrad utbildningstäckning från Excel",
    ),
    Route(
        "training:coverage-import-preview",
        "pk=coverage_import_job",
        "302 404 404 403 404 login",
        post="302 404 404 403 404 login",
        what="Granska import av utbildningstäckning (sparad eller avbruten: tillbaka till uppladdningen)",
    ),
    Route(
        "training:coverage-import-cancel",
        "pk=coverage_import_job",
        POST_ONLY,
        post="302 404 404 403 404 login",
        what="Avbryt import av utbildningstäckning",
    ),
    # Cooperation (issue 4): the coordinator manages forums; a unit editor records meetings of the
    # forums their unit is in; a partner sees the forums it takes part in.
    Route("cooperation:overview", get=MEMBERS, what="Samverkan"),
    Route("cooperation:forum-create", get=MANAGE, post=MANAGE, what="Nytt forum"),
    Route("cooperation:forum-detail", "forum", MEMBERS, what="Forum (förvaltningen och partnern deltar)"),
    Route("cooperation:forum-detail", "other_forum", NOT_PARTNER, what="Forum (partnern deltar inte)"),
    Route("cooperation:forum-edit", "forum", MANAGE, post=MANAGE, what="Redigera forum"),
    Route(
        "cooperation:forum-follow-up",
        "forum",
        POST_ONLY,
        post="400 403 403 403 404 login",
        what="Registrera uppföljning av överenskommelsen",
    ),
    Route("cooperation:forum-history", "forum", MEMBERS, what="Forumets historik"),
    Route(
        "cooperation:forum-history",
        "other_forum",
        NOT_PARTNER,
        what="Forumets historik (partnern deltar inte)",
    ),
    Route(
        "cooperation:meeting-create",
        "forum_pk=forum",
        EDIT_OWN,
        post=EDIT_OWN,
        what="Nytt möte (förvaltningen deltar i forumet)",
    ),
    Route(
        "cooperation:meeting-create",
        "forum_pk=other_forum",
        NOT_MEMBER,
        post=NOT_MEMBER,
        what="Nytt möte (förvaltningen deltar inte)",
    ),
    Route("cooperation:meeting-edit", "meeting", EDIT_OWN, post=EDIT_OWN, what="Redigera möte"),
    Route(
        "cooperation:meeting-edit",
        "other_meeting",
        NOT_MEMBER,
        post=NOT_MEMBER,
        what="Redigera möte (förvaltningen deltar inte)",
    ),
    Route("cooperation:action-create", "meeting_pk=meeting", EDIT_OWN, post=EDIT_OWN, what="Ny åtgärdspunkt"),
    Route(
        "cooperation:action-create",
        "meeting_pk=other_meeting",
        NOT_MEMBER,
        post=NOT_MEMBER,
        what="Ny åtgärdspunkt (förvaltningen deltar inte)",
    ),
    Route("cooperation:action-edit", "action", EDIT_OWN, post=EDIT_OWN, what="Redigera åtgärdspunkt"),
    Route(
        "cooperation:action-edit",
        "other_action",
        NOT_MEMBER,
        post=NOT_MEMBER,
        what="Redigera åtgärdspunkt (förvaltningen deltar inte)",
    ),
    Route("cooperation:action-history", "action", MEMBERS, what="Åtgärdspunktens historik"),
    Route(
        "cooperation:action-history",
        "other_action",
        NOT_PARTNER,
        what="Åtgärdspunktens historik (partnern deltar inte)",
    ),
    Route("cooperation:measure-forums", "measure_pk=measure", MEMBERS, what="Forum som bär en insats"),
    Route(
        "cooperation:measure-forums",
        "measure_pk=other_measure",
        NOT_PARTNER,
        what="Forum som bär en insats (partnern deltar inte i insatsen)",
    ),
    # Follow-up (issue 5, ADR 0035): the coordinator runs rounds, reports and the revision; a unit
    # editor answers and records costs for their own unit; partners read the board and the reports,
    # not the administrations' working material.
    Route("followup:index", get=MEMBERS, what="Uppföljning"),
    Route("followup:round-create", get=MANAGE, post=MANAGE, what="Ny uppföljningsomgång"),
    Route("followup:round-detail", "round", MEMBERS, what="Omgångens läge per förvaltning och insats"),
    Route("followup:round-edit", "round", MANAGE, post=MANAGE, what="Redigera omgång"),
    Route("followup:round-open", "round", POST_ONLY, post="302 403 403 403 404 login", what="Öppna omgång"),
    Route(
        "followup:round-close", "round", POST_ONLY, post="302 403 403 403 404 login", what="Avsluta omgång"
    ),
    Route("followup:round-history", "round", INTERNAL, what="Omgångens historik"),
    Route("followup:question-create", "draft_round", MANAGE, post=MANAGE, what="Ny fråga i omgången"),
    Route("followup:question-edit", "question", MANAGE, post=MANAGE, what="Redigera fråga"),
    Route(
        "followup:question-delete",
        "question",
        POST_ONLY,
        post="302 403 403 403 404 login",
        what="Ta bort fråga",
    ),
    Route(
        "followup:response-detail",
        "response",
        INTERNAL,
        post="200 200 403 403 404 login",
        what="Svar (egen förvaltnings; fylla i: POST)",
    ),
    Route(
        "followup:response-detail",
        "other_response",
        INTERNAL,
        post=MANAGE,
        what="Svar (annan förvaltnings)",
    ),
    Route(
        "followup:response-approve",
        "response",
        POST_ONLY,
        post="302 403 403 403 404 login",
        what="Godkänn svar",
    ),
    Route(
        "followup:response-return", "response", MANAGE, post=MANAGE, what="Återsänd svar till förvaltningen"
    ),
    Route("followup:response-history", "response", INTERNAL, what="Svarets historik"),
    Route("followup:cost-list", get=INTERNAL, what="Kostnader"),
    Route("followup:cost-export", get=INTERNAL, what="Kostnader som Excel"),
    Route("followup:cost-create", get=EDIT_OWN, post=EDIT_OWN, what="Ny kostnadspost"),
    Route(
        "followup:cost-edit",
        "cost",
        EDIT_OWN,
        post=EDIT_OWN,
        what="Redigera kostnadspost (egen förvaltnings)",
    ),
    Route(
        "followup:cost-edit",
        "other_cost",
        MANAGE,
        post=MANAGE,
        what="Redigera kostnadspost (annan förvaltnings)",
    ),
    Route(
        "followup:cost-delete",
        "cost",
        POST_ONLY,
        post="302 302 403 403 404 login",
        what="Ta bort kostnadspost (egen förvaltnings)",
    ),
    Route(
        "followup:cost-delete",
        "other_cost",
        POST_ONLY,
        post="302 403 403 403 404 login",
        what="Ta bort kostnadspost (annan förvaltnings)",
    ),
    Route("followup:cost-history", "cost", INTERNAL, what="Kostnadspostens historik"),
    Route("followup:report-list", get=MEMBERS, what="Rapporter"),
    Route("followup:report-build", get=POST_ONLY, post="302 403 403 403 404 login", what="Skapa rapport"),
    # Reports a board accepts (issue 13): the coordinator chooses the round and years and writes
    # the text sections before building.
    Route(
        "followup:report-draft",
        get="200 403 403 403 404 login",
        post="400 403 403 403 404 login",
        what="Rapportens omgång, period och texter",
    ),
    Route(
        "followup:template-upload",
        get=POST_ONLY,
        post="400 403 403 403 404 login",
        what="Ladda upp Word-mall",
    ),
    Route(
        "followup:template-delete", get=POST_ONLY, post="302 403 403 403 404 login", what="Ta bort Word-mall"
    ),
    Route("followup:report-detail", "report", MEMBERS, what="En rapport"),
    Route("followup:report-compare", "report", MEMBERS, what="Jämför med föregående rapport"),
    Route(
        "followup:report-attach",
        "report",
        POST_ONLY,
        post="302 403 403 403 404 login",
        what="Koppla rapport till beslut",
    ),
    Route("followup:report-download", "pk=report,fmt=report_format", MEMBERS, what="Ladda ner rapport"),
    Route(
        "followup:report-download",
        "pk=report,fmt=report_costs",
        INTERNAL,
        what="Ladda ner rapportens bilaga med kostnader per insats",
    ),
    Route("followup:revision", get=INTERNAL, what="Revidering"),
    Route(
        "followup:revision-start", get=POST_ONLY, post="302 403 403 403 404 login", what="Starta revidering"
    ),
    Route(
        "followup:revision-item-edit", "revision_item", MANAGE, post=MANAGE, what="Redigera revideringspunkt"
    ),
    # The programme's whole cycle in the browser (issue 12): the coordinator creates a programme,
    # writes and edits a draft's text block by block and adopts a version through a decision; every
    # member reads a version's edits and its comparison with the version it was based on.
    Route("programs:program-create", get=MANAGE, post=MANAGE, what="Nytt program"),
    Route(
        "programs:version-edit",
        "pk=program,number=version.number",
        MANAGE,
        post="400 403 403 403 404 login",
        what="Redigera en versions text (lägg till block: POST)",
    ),
    Route(
        "programs:block-edit",
        "pk=program,number=version.number,uid=block.uid",
        MANAGE,
        post="400 403 403 403 404 login",
        what="Redigera ett block i texten",
    ),
    Route(
        "programs:block-move",
        "pk=program,number=version.number,uid=block.uid",
        POST_ONLY,
        post="400 403 403 403 404 login",
        what="Flytta ett block upp eller ned",
    ),
    Route(
        "programs:block-delete",
        "pk=program,number=version.number,uid=block.uid",
        POST_ONLY,
        post="400 403 403 403 404 login",
        what="Ta bort ett block",
    ),
    Route(
        "programs:version-history",
        "pk=program,number=version.number",
        MEMBERS,
        what="En versions ändringar (vem, när, före och efter)",
    ),
    Route(
        "programs:version-compare",
        "pk=program,number=version.number",
        MEMBERS,
        what="Jämför en version med en annan, block för block",
    ),
    Route(
        "decisions:version-adopt",
        "pk=program,number=version.number",
        MANAGE,
        post=MANAGE,
        what="Anta en version genom ett beslut (välj beslut, bekräfta: POST)",
    ),
    # Public pages (no sign-in): only published programmes, each only under its own municipality.
    Route("public:index", get=PUBLIC, what="Publicerade program"),
    Route("public:program", "public_program", PUBLIC, what="Ett publicerat program"),
    Route("public:program", "program", NOBODY, what="Ett program som inte är publicerat"),
    Route(
        "public:program",
        "municipality=neighbour.municipality.slug,pk=public_program",
        NOBODY,
        what="Ett publicerat program under en annan kommuns adress",
    ),
    # The REST API (issue 15, varn/api, docs/api.md): the same rights as the pages, answered in JSON.
    # Anonymous callers get 401 (no token); a write with an empty body is 400 once the rights allow it.
    Route("api:api-root", get=NOBODY, what="API: roten (hänvisar till dokumentationen)"),
    Route("api:openapi-json", get=PUBLIC, what="API: OpenAPI-schemat"),
    Route("api:openapi-view", get=PUBLIC, what="API: dokumentationen"),
    Route("api:me", get=API_SIGNED_IN, what="API: den som anropar och dess kommuner"),
    Route("api:program-list", get=API_MEMBERS, what="API: program"),
    Route("api:program-detail", "program", API_MEMBERS, what="API: ett program"),
    Route(
        "api:version-detail",
        "pk=program,number=version.number",
        API_MEMBERS,
        what="API: en version med blockträdet",
    ),
    Route("api:goal-list", get=API_MEMBERS, what="API: mål"),
    Route("api:measure-list", get=API_MEMBERS, what="API: insatser"),
    Route("api:measure-detail", "measure", API_MEMBERS, what="API: insats (partnern deltar)"),
    Route("api:measure-detail", "other_measure", API_NOT_PARTNER, what="API: insats (partnern deltar inte)"),
    Route(
        "api:measure-updates",
        "measure",
        API_MEMBERS,
        post="400 400 403 403 404 401",
        what="API: lägesrapporter; ny lägesrapport (egen förvaltnings)",
    ),
    Route(
        "api:measure-updates",
        "other_measure",
        API_NOT_PARTNER,
        post="400 403 403 403 404 401",
        what="API: lägesrapporter; ny lägesrapport (annan förvaltnings)",
    ),
    Route("api:unit-list", get=API_MEMBERS, what="API: förvaltningar"),
    Route("api:partner-list", get=API_MEMBERS, what="API: samverkansparter"),
    Route("api:case-list", get=API_MEMBERS, what="API: ärenden"),
    Route("api:case-detail", "case", API_MEMBERS, what="API: ett ärende med beslutsgången"),
    Route("api:effort-list", get=API_MEMBERS, what="API: utbildningsinsatser (partnern ser sina egna)"),
    Route("api:coverage", get=API_MEMBERS, what="API: utbildningstäckning"),
    Route("api:forum-list", get=API_MEMBERS, what="API: forum"),
    Route("api:forum-detail", "forum", API_MEMBERS, what="API: forum (partnern deltar)"),
    Route("api:forum-detail", "other_forum", API_NOT_PARTNER, what="API: forum (partnern deltar inte)"),
    Route("api:round-list", get=API_MEMBERS, what="API: uppföljningsomgångar"),
    Route("api:round-detail", "round", API_MEMBERS, what="API: en omgång med frågorna"),
    Route("api:round-responses", "round", API_MEMBERS, what="API: omgångens svar (status)"),
    Route(
        "api:response-detail",
        "response",
        API_INTERNAL,
        put="400 400 403 403 404 401",
        what="API: svar (egen förvaltnings; spara: PUT)",
    ),
    Route(
        "api:response-detail",
        "other_response",
        API_INTERNAL,
        put="400 403 403 403 404 401",
        what="API: svar (annan förvaltnings)",
    ),
    Route(
        "api:cost-list",
        get=API_INTERNAL,
        post="400 400 403 403 404 401",
        what="API: kostnader; ny kostnadspost (POST)",
    ),
    Route(
        "api:cost-detail",
        "cost",
        API_INTERNAL,
        put="400 400 403 403 404 401",
        what="API: kostnadspost (egen förvaltnings; ändra: PUT)",
    ),
    Route(
        "api:cost-detail",
        "other_cost",
        API_INTERNAL,
        put="400 403 403 403 404 401",
        what="API: kostnadspost (annan förvaltnings)",
    ),
    Route("api:report-list", get=API_MEMBERS, what="API: rapporter"),
    Route("api:report-detail", "report", API_MEMBERS, what="API: en rapport med nedladdningslänkar"),
    # Kolada's catalogue and the key figures in the API (issue 15): every member reads the figures,
    # as on the page; the coordinator fetches Kolada's catalogue and municipality groups (a job).
    Route("api:indicator-list", get=API_MEMBERS, what="API: nyckeltal från Kolada med värden och källa"),
    Route("api:indicator-detail", "indicator", API_MEMBERS, what="API: ett nyckeltal med värden och källa"),
    Route(
        "indicators:catalogue-fetch",
        get=POST_ONLY,
        post="302 403 403 403 404 login",
        what="Hämta Kolada-katalogen (kommungrupperna med)",
    ),
    Route("tokens:list", get=SIGNED_IN, post=SIGNED_IN, what="Mina API-nycklar; skapa nyckel (POST)"),
    Route(
        "tokens:revoke",
        "api_token",
        get="405 405 405 405 405 login",
        post="302 404 404 404 404 login",
        what="Återkalla API-nyckel (bara sin egen)",
    ),
    # The admin site (operations staff with is_staff; no Värn role has it).
    Route("admin:*", "admin", ADMIN_ONLY, what="Administrationsgränssnittet (drift)"),
    Route("admin:login", get=PUBLIC, what="Administrationens inloggning"),
    Route("admin:index", get=ADMIN_SITE, what="Administrationens startsida"),
    Route("admin:app_list", get=ADMIN_SITE, what="Administrationen: en app"),
    Route("admin:logout", get=ADMIN_SITE, what="Administrationens utloggning"),
    # Security and personal data (issue 14): a coordinator redacts a value from an object and its history.
    Route(
        "redaction:redact",
        "label=redaction_label,pk=measure",
        MANAGE,
        post=MANAGE,
        what="Maskera text i en uppgift och dess historik",
    ),
    # The lists' Excel exports (issue 14): whoever sees the list gets exactly its rows.
    Route(
        "training:effort-export", get=MEMBERS, what="Utbildningsinsatserna som Excel (som listan visar dem)"
    ),
    Route(
        "followup:round-export", "round", MEMBERS, what="Omgångens svar som Excel (som tabellen visar dem)"
    ),
    Route("admin:password_change", get=ADMIN_SITE, what="Administrationen: byt lösenord"),
    Route("admin:password_change_done", get=ADMIN_SITE, what="Administrationen: lösenordet bytt"),
    Route("admin:autocomplete", get=ADMIN_SITE, what="Administrationen: sökförslag"),
    Route("admin:jsi18n", get=ADMIN_SITE, what="Administrationen: översättningar"),
    Route("admin:view_on_site", get=ADMIN_SITE, what="Administrationen: visa på webbplatsen"),
    Route(r"admin/(?P<url>.*)$", "url=admin_catch_all", ADMIN_SITE, what="Administrationens övriga adresser"),
]


def rows_for(name: str, pattern: str) -> list[Route]:
    """The rows that cover a route: its own rows, else the admin catch-all row."""
    own = [r for r in ROUTES if r.name in (name, pattern)]
    if own:
        return own
    if name.startswith("admin:") or pattern.startswith("admin/"):
        return [r for r in ROUTES if r.name == "admin:*"]
    return []


def markdown_table() -> str:
    """The matrix as a Markdown table, for docs/permissions.md."""
    head = "| Sida eller åtgärd | Route | " + " | ".join(ROLE_LABELS[r] for r in ROLES) + " |"
    lines = [head, "|" + "---|" * (len(ROLES) + 2)]
    for route in ROUTES:
        for method in METHODS:
            if not route.answers(method):
                continue
            expected = route.expected(method)
            label = route.what + (f" ({method})" if method != "GET" else "")
            name = route.name.replace("|", "\\|")
            target = f" → {route.target}" if route.target else ""
            cells = " | ".join(expected[r] for r in ROLES)
            lines.append(f"| {label} | `{name}`{target} | {cells} |")
    return "\n".join(lines) + "\n"
