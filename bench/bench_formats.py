"""Reading speed per format (forms/s, peak RSS) and, for PDF, cost and accuracy against a bare
pdfplumber ``extract_tables()``.

The 64 seed forms are exported (official layout) to XLSX, DOCX, HTML and -- through LibreOffice,
when installed -- PDF; each format is then read in its own child process so its peak RSS is its
own. For PDF: ratio of our end-to-end reading time to ``extract_tables()`` on the same files
(goal <= 1.3x) and field accuracy of ours vs a naive mapping of ``extract_tables()`` output.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao import read  # noqa: E402
from jixiao.export.form_docx import write_forms_docx  # noqa: E402
from jixiao.export.form_xlsx import write_forms_xlsx  # noqa: E402
from jixiao.export.pdf import convert_to_pdf, soffice  # noqa: E402

SEEDS = sorted((ROOT / "samples").glob("*.txt"))
CHILD = """
import json, resource, sys, time
from jixiao import read
files = sys.argv[1:]
start = time.perf_counter()
forms = sum(len(read(f)) for f in files)
seconds = time.perf_counter() - start
print(json.dumps({"forms": forms, "seconds": seconds,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
BARE = """
import json, sys, time
import pdfplumber
start = time.perf_counter()
tables = []
for f in sys.argv[1:]:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            tables.extend(page.extract_tables())
            page.close()
print(json.dumps({"seconds": time.perf_counter() - start, "tables": tables}))
"""
FIELDS = ("project_name", "department", "implementing_unit")


def _child(code: str, files: list[Path]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def _html(seed: Path, target: Path) -> Path:
    rows = []
    for line in seed.read_text("utf-8").splitlines():
        cells = "".join(f"<td>{c}</td>" for c in line.split("\t"))
        rows.append(f"<tr>{cells}</tr>")
    body = "".join(rows)
    target.write_text(f"<!DOCTYPE html><html><body><table>{body}</table></body></html>")
    return target


def naive_forms(tables: list[list[list[str | None]]]) -> list[dict[str, object]]:
    """What a script on extract_tables() does: label in a cell, value in the next one; indicator
    rows by the header's columns, merged level cells filled down."""
    forms: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    columns: list[int] | None = None
    level = [None, None]
    names = {"项目名称": "project_name", "主管部门": "department", "实施单位": "implementing_unit"}
    for table in tables:
        for row in table:
            cells = [(c or "").replace("\n", "") for c in row]
            if cells and cells[0] in names and cells[0] == "项目名称":
                current = {"indicators": []}
                forms.append(current)
                columns = None
            if current is None:
                continue
            for i, c in enumerate(cells[:-1]):
                if c in names:
                    current[names[c]] = cells[i + 1] or None
            if "一级指标" in cells:
                columns = [cells.index(h) for h in ("一级指标", "二级指标", "三级指标")]
                columns.append(len(cells) - 1)
                continue
            if columns is not None and len(cells) > max(columns):
                values = [cells[i] or None for i in columns]
                level = [values[0] or level[0], values[1] or level[1]]
                rows = current["indicators"]
                assert isinstance(rows, list)
                rows.append((level[0], level[1], values[2], values[3]))
    return forms


def accuracy(truth: list[dict[str, object]], got: list[dict[str, object]]) -> float:
    right = total = 0
    for index, expected in enumerate(truth):
        found = got[index] if index < len(got) else {}
        for name in FIELDS:
            total += 1
            right += expected.get(name) == found.get(name)
        rows = found.get("indicators") or []
        assert isinstance(rows, list)
        want = expected["indicators"]
        assert isinstance(want, list)
        for i, row in enumerate(want):
            total += 1
            right += i < len(rows) and rows[i] == row
    return right / max(1, total)


def _truth(forms: list[object]) -> list[dict[str, object]]:
    result = []
    for form in forms:
        data = form.model_dump()  # type: ignore[attr-defined]
        data["indicators"] = [
            (r["level1"], r["level2"], r["name"], r["value"]) for r in data["indicators"]
        ]
        result.append(data)
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        tmp = Path(work)
        forms = {seed.stem: read(seed) for seed in SEEDS}
        files: dict[str, list[Path]] = {"xlsx": [], "docx": [], "html": [], "pdf": []}
        for stem, seed_forms in forms.items():
            files["xlsx"].append(write_forms_xlsx(seed_forms, tmp / f"{stem}.xlsx"))
            files["docx"].append(write_forms_docx(seed_forms, tmp / f"{stem}.docx"))
            files["html"].append(_html(ROOT / "samples" / f"{stem}.txt", tmp / f"{stem}.html"))
            if soffice():
                files["pdf"].append(convert_to_pdf(tmp / f"{stem}.xlsx", tmp / f"{stem}.pdf"))
        print("format  forms   forms/s   peak RSS")
        for fmt, paths in files.items():
            if not paths:
                print(f"{fmt:6}  (LibreOffice missing: not measured)")
                continue
            result = _child(CHILD, paths)
            rate = float(result["forms"]) / float(result["seconds"])  # type: ignore[arg-type]
            print(f"{fmt:6}  {result['forms']:5}  {rate:8.1f}  {float(result['rss_mb']):6.0f} MB")  # type: ignore[arg-type]
            if fmt == "pdf":
                bare = _child(BARE, paths)
                ratio = float(result["seconds"]) / float(bare["seconds"])  # type: ignore[arg-type]
                truth = _truth([f for seed in forms.values() for f in seed if f.kind == "project"])
                ours = _truth([f for p in paths for f in read(p) if f.kind == "project"])
                naive = naive_forms(bare["tables"])  # type: ignore[arg-type]
                print(f"pdf: ours {float(result['seconds']):.2f}s vs extract_tables() "  # type: ignore[arg-type]
                      f"{float(bare['seconds']):.2f}s = {ratio:.2f}x (goal <= 1.3x)")  # type: ignore[arg-type]
                print(f"pdf field accuracy (project forms): ours {accuracy(truth, ours):.1%}, "
                      f"naive extract_tables() mapping {accuracy(truth, naive):.1%}")


if __name__ == "__main__":
    main()
