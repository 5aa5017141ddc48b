"""Regenerate src/mineralctl/countries.tsv from pycountry (a development-only dependency).

Columns: alpha-2, alpha-3, English short name, other accepted names separated by "|".
Run: python scripts/make_countries.py > src/mineralctl/countries.tsv
"""

from __future__ import annotations

import pycountry

# Everyday names a user types that ISO 3166 spells differently. Deliberately absent: "Korea"
# and "Congo", which name two countries each; they are refused with both suggestions.
EXTRA = {
    "US": ["USA", "U.S.", "U.S.A.", "America", "United States of America"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea"],
    "RU": ["Russia"],
    "IR": ["Iran"],
    "VN": ["Vietnam"],
    "TW": ["Taiwan"],
    "HK": ["Hong Kong"],
    "MO": ["Macau", "Macao"],
    "CZ": ["Czech Republic"],
    "NL": ["Holland", "The Netherlands"],
    "TR": ["Turkey", "Türkiye"],
    "LA": ["Laos"],
    "SY": ["Syria"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "BN": ["Brunei"],
    "CI": ["Ivory Coast"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
    "CG": ["Republic of the Congo"],
    "AE": ["UAE"],
    "PS": ["Palestine"],
    "VA": ["Vatican", "Holy See"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "CV": ["Cape Verde"],
    "FM": ["Micronesia"],
}


def main() -> None:
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        names = [getattr(country, "common_name", None), getattr(country, "official_name", None)]
        names += EXTRA.get(country.alpha_2, [])
        short = getattr(country, "common_name", None) or country.name
        others = [n for n in dict.fromkeys([country.name, *names]) if n and n != short]
        print("\t".join([country.alpha_2, country.alpha_3, short, "|".join(others)]))


if __name__ == "__main__":
    main()
