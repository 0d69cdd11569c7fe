"""Validation of typed values: phones, e-mails, postal codes, ages, FINESS, SIREN, SIRET."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ror_assistant.rules import (
    ValidationError,
    check_age_range,
    check_email,
    check_finess,
    check_phone,
    check_postal_code,
    check_siren,
    check_siret,
    parse_age,
    parse_age_range,
)
from ror_assistant.rules.validation import luhn_valid

FAST = settings(max_examples=150, deadline=None)


def with_luhn_key(body: str) -> str:
    """``body`` followed by the digit that makes the whole number pass Luhn."""
    return next(body + key for key in "0123456789" if luhn_valid(body + key))


# -- phones --------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["01 23 45 67 89", "+33 1 23 45 67 89", "0123456789", "01.23.45.67.89",
                                   "+33 (0)1 23 45 67 89", "0033 1 23 45 67 89"])
def test_phone_usual_spellings(typed: str) -> None:
    phone = check_phone(typed).unwrap()
    assert (phone.e164, phone.national, phone.canal) == ("+33123456789", "01 23 45 67 89", "2")


def test_phone_mobile_proposes_canal_1() -> None:
    phone = check_phone("06 12 34 56 78").unwrap()
    assert phone.mobile and phone.canal == "1" and phone.e164 == "+33612345678"


@pytest.mark.parametrize(("typed", "e164", "region", "canal"), [
    ("0262 12 34 56", "+262262123456", "RE", "2"),
    ("0692 12 34 56", "+262692123456", "RE", "1"),
    ("0590 12 34 56", "+590590123456", "GP", "2"),
    ("0596 12 34 56", "+596596123456", "MQ", "2"),
    ("+262 262 12 34 56", "+262262123456", "RE", "2"),
])
def test_phone_overseas_departments(typed: str, e164: str, region: str, canal: str) -> None:
    phone = check_phone(typed).unwrap()
    assert (phone.e164, phone.region, phone.canal) == (e164, region, canal)


@pytest.mark.parametrize(("typed", "expected"), [
    ("123456789", "il manque sans doute le 0 initial"),
    ("01 23 45", "10 chiffres"),
    ("01 23 AB 67 89", "pas des chiffres"),
    ("", "Aucun numéro"),
    ("+44 12", "indicatif +44"),
])
def test_phone_refusals_say_why(typed: str, expected: str) -> None:
    checked = check_phone(typed)
    assert not checked.ok and expected in checked.problem and checked.hint


@FAST
@given(prefix=st.sampled_from(["01", "02", "03", "04", "05", "06", "07", "09"]),
       rest=st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_any_french_ten_digit_number_is_accepted(prefix: str, rest: str) -> None:
    checked = check_phone(prefix + rest)
    assert checked.ok
    assert checked.value.canal == ("1" if prefix in {"06", "07"} else "2")
    assert checked.value.e164.startswith("+") and checked.value.e164.endswith(rest[-6:])


def test_phone_unknown_range_accepted_with_notice() -> None:
    checked = check_phone("07 00 00 00 00")
    assert checked.ok and "vérifiez" in checked.notice


def test_unwrap_raises_french_user_error() -> None:
    with pytest.raises(ValidationError) as error:
        check_phone("12").unwrap()
    assert "Pour corriger" in str(error.value)


# -- e-mail --------------------------------------------------------------------------------------

def test_email_normalised() -> None:
    assert check_email(" Secretariat.Cardio@CHU-Nantes.fr ").unwrap() == "Secretariat.Cardio@chu-nantes.fr"


@pytest.mark.parametrize(("typed", "expected"), [
    ("secretariat.chu-nantes.fr", "arobase"), ("a@@b.fr", "plusieurs arobases"), ("a@b", "n'est pas une adresse"),
])
def test_email_refusals(typed: str, expected: str) -> None:
    assert expected in check_email(typed).problem


# -- postal codes --------------------------------------------------------------------------------

@FAST
@given(department=st.integers(min_value=1, max_value=95), rest=st.integers(min_value=0, max_value=999))
def test_metropolitan_postal_codes_accepted(department: int, rest: int) -> None:
    code = f"{department:02d}{rest:03d}"
    assert check_postal_code(code).unwrap() == code


@FAST
@given(code=st.text(alphabet="0123456789", min_size=4, max_size=4))
def test_four_digit_postal_code_hints_the_missing_zero(code: str) -> None:
    checked = check_postal_code(code)
    assert not checked.ok and "il manque sans doute le 0 initial" in checked.problem and f"0{code}" in checked.hint


@pytest.mark.parametrize(("typed", "ok"), [
    ("20000", True), ("20200", True), ("97400", True), ("97600", True), ("98800", True),
    ("00100", False), ("96000", False), ("97900", False), ("4400A", False), ("440000", False),
])
def test_postal_code_departments(typed: str, ok: bool) -> None:
    assert check_postal_code(typed).ok is ok


# -- ages ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "shown"), [
    ("0 à 17 ans", "0 à 17 ans"), ("de 3 mois à 6 ans", "3 mois à 6 ans"), ("18-90 ans", "18 à 90 ans"),
    ("0 j à 28 jours", "0 à 28 jours"), ("16 A 120 ANS", "16 à 120 ans"),
])
def test_age_ranges_parsed(typed: str, shown: str) -> None:
    assert parse_age_range(typed).display == shown


def test_single_ages() -> None:
    assert str(parse_age("18 ans").unwrap()) == "18 ans"
    assert parse_age("3 mois").unwrap().unit == "mo"
    assert "unité" in parse_age("18").problem


@pytest.mark.parametrize(("typed", "expected"), [
    ("adultes", "n'est pas une tranche d'âge"), ("17 à 2 ans", "supérieur à l'âge maximum"),
    ("0 à 130 ans", "dépasse 120 ans"), ("2 semaines à 3 ans", "unité d'âge non reconnue"),
])
def test_age_range_refusals(typed: str, expected: str) -> None:
    assert expected in parse_age_range(typed).problem


def test_age_order_uses_unit_conversion() -> None:
    assert check_age_range(11, "mo", 1, "a").ok
    assert not check_age_range(13, "mo", 1, "a").ok
    assert check_age_range(365, "j", 1, "a").ok


@FAST
@given(low=st.integers(0, 120), high=st.integers(0, 120))
def test_age_range_in_years_accepted_iff_ordered(low: int, high: int) -> None:
    assert check_age_range(low, "a", high, "a").ok is (low <= high)


# -- FINESS, SIREN, SIRET ------------------------------------------------------------------------

@pytest.mark.parametrize("finess", ["750712184", "750803447", "010780054", "130783236"])
def test_published_finess_numbers_pass_the_luhn_key(finess: str) -> None:
    assert check_finess(finess).unwrap() == finess


def test_finess_errors_and_corsica() -> None:
    assert "clé de contrôle" in check_finess("750712185").problem
    assert "au lieu de 9" in check_finess("75071218").problem
    assert "format FINESS" in check_finess("7A0712184").problem
    corsica = check_finess("2a 000 0014")
    assert corsica.unwrap() == "2A0000014" and "clé de contrôle n'a pas été vérifiée" in corsica.notice


@FAST
@given(body=st.text(alphabet="0123456789", min_size=8, max_size=8), position=st.integers(0, 8), shift=st.integers(1, 9))
def test_finess_single_typo_is_caught(body: str, position: int, shift: int) -> None:
    number = with_luhn_key(body)
    assert check_finess(number).ok
    typo = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1:]
    assert not check_finess(typo).ok


def test_siren_and_siret() -> None:
    assert check_siren("267 500 452").unwrap() == "267500452"  # AP-HP
    assert check_siret("267 500 452 00011").display == "267 500 452 00011"
    assert "clé de contrôle" in check_siren("267500453").problem
    assert "14 chiffres" in check_siret("2675004520001").problem


def test_ig_example_identifiers_are_illustrative() -> None:
    """The IG's "Quiétude" SIREN/SIRET (ror-model.md §7) do not carry a valid key: fixtures
    taken from the IG must not go through identifier validation."""
    assert not check_siren("921317258").ok and not check_siret("92131725800020").ok


def test_siret_la_poste_rule() -> None:
    assert check_siret("35600000000048").ok  # siège: Luhn
    la_poste = "356000000" + "12355"  # digit sum 14 + 16 = 30, multiple of 5, fails Luhn
    assert not luhn_valid(la_poste) and check_siret(la_poste).ok
    assert not check_siret("35600000012345").ok


@FAST
@given(body=st.text(alphabet="0123456789", min_size=13, max_size=13).filter(lambda text: not text.startswith("356000000")))
def test_siret_with_luhn_key_accepted(body: str) -> None:
    assert check_siret(with_luhn_key(body)).ok
