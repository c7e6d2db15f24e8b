"""Reading roles from the identity provider's claims: plain data, no database."""

from varn.accounts.claims import Grant, grants_from_claims, parse_grant


def test_it_reads_a_role_per_municipality_from_the_roles_claim():
    grants, rejected = grants_from_claims(
        {"varn_roles": ["alingsas:coordinator", "lerum:viewer", "alingsas:unit_editor:SOC"]}
    )
    assert grants == [Grant("alingsas", "coordinator"), Grant("lerum", "viewer")]
    assert rejected == []


def test_the_widest_role_wins_when_the_provider_gives_several():
    grants, _ = grants_from_claims({"varn_roles": ["alingsas:viewer", "alingsas:partner:Vision"]})
    assert grants == [Grant("alingsas", "partner", "Vision")]


def test_groups_are_mapped_to_roles_by_the_configured_table():
    grants, _ = grants_from_claims(
        {"groups": ["G-Varn-Samordnare", "G-Annat"]},
        group_map={"G-Varn-Samordnare": "alingsas:coordinator"},
    )
    assert grants == [Grant("alingsas", "coordinator")]


def test_swedish_role_names_and_a_space_separated_claim_are_understood():
    grants, _ = grants_from_claims({"varn_roles": "alingsas:samordnare lerum:förvaltningskontakt:SV"})
    assert grants == [Grant("alingsas", "coordinator"), Grant("lerum", "unit_editor", "SV")]


def test_values_it_does_not_understand_are_reported_not_guessed():
    grants, rejected = grants_from_claims(
        {"varn_roles": ["alingsas:admin", "alingsas:unit_editor", "nonsense", ":viewer"]}
    )
    assert grants == []
    assert rejected == ["alingsas:admin", "alingsas:unit_editor", "nonsense", ":viewer"]


def test_an_organisation_is_kept_only_where_the_role_needs_one():
    assert parse_grant("Alingsas:Viewer:SOC") == Grant("alingsas", "viewer")
    assert parse_grant("alingsas:partner:Polisen, lokalpolisområde Alingsås") == Grant(
        "alingsas", "partner", "Polisen, lokalpolisområde Alingsås"
    )


def test_no_claims_give_no_grants():
    assert grants_from_claims({}) == ([], [])
