"""Destinations typed by a user: ISO codes and English names, any case; NO is Norway."""

from __future__ import annotations

import pytest

from mineralctl.destinations import by_code, is_code, parse_destination
from mineralctl.errors import EXIT_NOT_FOUND, NotFoundError


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("US", "US", "United States"),
        ("us", "US", "United States"),
        ("usa", "US", "United States"),
        ("USA", "US", "United States"),
        ("United States", "US", "United States"),
        ("united states of america", "US", "United States"),
        ("NO", "NO", "Norway"),
        ("no", "NO", "Norway"),
        ("NOR", "NO", "Norway"),
        ("Norway", "NO", "Norway"),
        ("  de ", "DE", "Germany"),
        ("south korea", "KR", "South Korea"),
        ("Korea, Republic of", "KR", "South Korea"),
        ("JP", "JP", "Japan"),
        ("UK", "GB", "United Kingdom"),
    ],
)
def test_destinations_that_are_read(text, code, name):
    found = parse_destination(text)
    assert (found.code, found.name) == (code, name)
    assert str(found) == f"{name} ({code})"


def test_alpha3_is_kept():
    assert parse_destination("no").alpha3 == "NOR"
    assert parse_destination("United States").alpha3 == "USA"


def test_korea_is_ambiguous_and_both_are_suggested():
    with pytest.raises(NotFoundError) as caught:
        parse_destination("korea")
    assert caught.value.suggestions == ("North Korea (KP)", "South Korea (KR)")
    assert str(caught.value) == (
        "unknown destination 'korea'; did you mean North Korea (KP) or South Korea (KR)? "
        "(use an ISO 3166 code such as US or DE)"
    )
    assert caught.value.exit_code == EXIT_NOT_FOUND


@pytest.mark.parametrize("text", ["ZZ", "XXX", "Atlantis", ""])
def test_unknown_destinations(text):
    with pytest.raises(NotFoundError) as caught:
        parse_destination(text)
    assert str(caught.value).startswith(f"unknown destination {text!r}")
    assert caught.value.kind == "destination"


@pytest.mark.parametrize("text", ["CN", "cn", "CHN", "China"])
def test_china_is_not_a_destination(text):
    with pytest.raises(NotFoundError, match="mineralctl answers exports from China; name the country of destination"):
        parse_destination(text)


def test_codes_in_the_rulebook_are_exact_alpha2():
    assert is_code("NO") and is_code("US")
    assert not is_code("no") and not is_code("NOR") and not is_code("ZZ") and not is_code("")
    assert by_code("NO").name == "Norway"
