"""Regenerate src/mineralctl/countries.tsv from pycountry and babel's CLDR data (development-only
dependencies: the package reads the generated table and imports neither).

Columns: alpha-2, alpha-3, English short name, other accepted names separated by "|": English
official and everyday names, then the Chinese names (CLDR simplified, then traditional where it
differs), so a destination typed as 美国 or 德國 is recognised.
Run: python scripts/make_countries.py > src/mineralctl/countries.tsv
"""

from __future__ import annotations

import pycountry
from babel import Locale

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

# Chinese names people type that CLDR's short names spell differently (CLDR writes Hong Kong as
# 中国香港特别行政区 and the two Congos with full-width brackets).
EXTRA_ZH = {
    "HK": ["香港", "中国香港", "中國香港"],
    "MO": ["澳门", "澳門", "中国澳门", "中國澳門"],
    "TW": ["臺灣", "中国台湾", "中國台灣"],
    "CD": ["刚果金", "刚果(金)", "剛果金", "剛果(金)", "刚果民主共和国", "剛果民主共和國"],
    "CG": ["刚果布", "刚果(布)", "剛果布", "剛果(布)", "刚果共和国", "剛果共和國"],
    "KR": ["南韩", "南韓", "大韩民国", "大韓民國"],
    "KP": ["北韩", "北韓"],
    "US": ["美利坚合众国", "美利堅合眾國"],
    "GB": ["大不列颠及北爱尔兰联合王国"],
}


def chinese_names(alpha_2: str) -> list[str]:
    """Simplified Chinese (CLDR zh_Hans), traditional (zh_Hant) where it differs, then EXTRA_ZH."""
    names = [Locale.parse(tag).territories.get(alpha_2) for tag in ("zh_Hans", "zh_Hant")]
    return [n for n in dict.fromkeys([*names, *EXTRA_ZH.get(alpha_2, [])]) if n]


def main() -> None:
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        names = [getattr(country, "common_name", None), getattr(country, "official_name", None)]
        names += EXTRA.get(country.alpha_2, [])
        names += chinese_names(country.alpha_2)
        short = getattr(country, "common_name", None) or country.name
        others = [n for n in dict.fromkeys([country.name, *names]) if n and n != short]
        print("\t".join([country.alpha_2, country.alpha_3, short, "|".join(others)]))


if __name__ == "__main__":
    main()
