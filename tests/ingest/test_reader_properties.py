"""The reader never raises on arbitrary text: problems become warnings, not crashes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.errors import InputError
from jixiao.ingest import read_forms

SEED_LINES = (SAMPLES / "000_4efe8d3c5d7254d8.txt").read_text("utf-8").splitlines()
cells = st.one_of(
    st.sampled_from(
        [
            "项目名称",
            "项目资金 (万元)",
            "项目资金总额",
            "其他资金",
            "绩效指标",
            "一级指标",
            "产出指标",
            "数量指标",
            "≥90%",
            "及时",
            "2023-1-1",
            "☑",
            "",
            "<input checked>",
            "财政项目支出绩效目标申报表",
            "(2023年度)",
            "12. 5",
        ]
    ),
    st.text(max_size=12),
)
lines = st.lists(cells, max_size=8).map("\t".join)


def _read(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.txt"
        path.write_text(text, "utf-8", errors="surrogatepass")
        try:
            forms = read_forms(path)
        except InputError:
            return
        for form in forms:
            form.model_dump_json()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, max_size=40).map("\n".join))
def test_random_forms_never_raise(text: str) -> None:
    _read(text)


@settings(max_examples=100)
@given(st.lists(st.sampled_from(SEED_LINES), max_size=60), st.randoms())
def test_shuffled_seed_lines_never_raise(picked: list[str], rnd: object) -> None:
    _read("\n".join(picked))


@settings(max_examples=100)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    _read("财政项目支出绩效目标申报表\n" + text)
