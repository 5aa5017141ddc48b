"""Destinations typed in Chinese, simplified or traditional, as exporters' files write them."""

from __future__ import annotations

import pytest
from conftest import REPO, in_process

from mineralctl.destinations import parse_destination
from mineralctl.errors import NotFoundError


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("美国", "US"),
        ("美國", "US"),
        ("日本", "JP"),
        ("德国", "DE"),
        ("德國", "DE"),
        ("韩国", "KR"),
        ("朝鲜", "KP"),
        ("英国", "GB"),
        ("法国", "FR"),
        ("荷兰", "NL"),
        ("越南", "VN"),
        ("印度", "IN"),
        ("俄罗斯", "RU"),
        ("香港", "HK"),
        ("澳門", "MO"),
        ("刚果（金）", "CD"),
        ("刚果（布）", "CG"),
        (" 挪威 ", "NO"),
    ],
)
def test_a_chinese_country_name_is_recognised(typed, code):
    assert parse_destination(typed).code == code


def test_every_country_in_the_table_has_a_simplified_chinese_name():
    rows = (REPO / "src" / "mineralctl" / "countries.tsv").read_text(encoding="utf-8").splitlines()
    missing = [r.split("\t")[0] for r in rows if not any("\u4e00" <= c <= "\u9fff" for c in r.split("\t")[3])]
    assert missing == []


def test_china_typed_in_chinese_is_refused_as_china():
    with pytest.raises(NotFoundError) as caught:
        parse_destination("中国")
    assert "exports from China" in str(caught.value)


def test_status_answers_a_destination_typed_in_chinese_and_refuses_an_unknown_one():
    run = in_process("status", "gallium", "--dest", "美国", "--date", "2026-01-01", "-f", "csv")
    assert run.code == 0
    assert run.stdout.splitlines()[1].startswith("gallium,gallium,2026-01-01,US,civil,license-required,")
    unknown = in_process("status", "gallium", "--dest", "美果", "--date", "2026-01-01")
    assert (unknown.code, unknown.stdout) == (4, "")
    assert unknown.stderr.startswith("mineralctl: error: unknown destination '美果'")


def test_screen_reads_a_chinese_destination_column_as_in_the_readme(tmp_path):
    shipments = tmp_path / "erp-export.csv"
    shipments.write_bytes("material;目的国\n镓;美国\n锗;德國\n".encode("gbk"))
    run = in_process(
        "screen", str(shipments), "--encoding", "gbk", "--delimiter", ";", "--dest-column", "目的国",
        "--date", "2026-01-01", "--end-use", "civil", "-f", "csv",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[1].startswith("镓,美国,license-required,") and ",gallium,US,2026-01-01," in lines[1]
    assert lines[2].startswith("锗,德國,license-required,") and ",germanium,DE,2026-01-01," in lines[2]
