"""上传: background import with per-file progress; a corrupt file fails clearly, writes nothing."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from jixiao.store.tables import Form, ImportFile

from .conftest import SAMPLES, Web, csrf_of


def _forms(web: Web) -> int:
    with web.sessions() as session:
        return session.scalar(select(func.count()).select_from(Form)) or 0


def _upload(web: Web, client, files):  # type: ignore[no-untyped-def]
    token = csrf_of(client, "/upload")
    response = client.post("/upload", data={"csrf_token": token}, files=files)
    assert response.status_code == 303, response.text[:500]
    job_id = response.headers["location"].rsplit("/", 1)[-1]
    assert web.app.state.uploads.wait(job_id) is not None  # type: ignore[attr-defined]
    return job_id


def test_corrupt_file_fails_with_a_clear_message_and_no_rows(web: Web) -> None:
    client = web.client("unit")
    before = _forms(web)
    garbage = bytes(range(256)) * 40
    job_id = _upload(web, client, [("files", ("坏文件.txt", garbage, "text/plain"))])
    progress = client.get(f"/upload/{job_id}/progress").text
    assert 'data-state="failed"' in progress and "坏文件.txt" in progress
    assert "hx-trigger" not in progress  # polling stops once done
    assert _forms(web) == before
    with web.sessions() as session:
        record = session.scalar(select(ImportFile).where(ImportFile.filename == "坏文件.txt"))
    if record is not None:
        assert record.status == "failed" and record.forms == 0


def test_upload_several_files_shows_progress_and_dedupes(web: Web) -> None:
    client = web.client("fin")
    text = (SAMPLES / "003_0404f4768d803c0b.txt").read_text(encoding="utf-8")
    changed = text.replace("财政项目支出绩效目标申报表", "财政项目支出绩效目标申报表", 1) + "\n\n"
    job_id = _upload(
        web,
        client,
        [
            ("files", ("new.txt", changed.encode(), "text/plain")),
            ("files", ("again.txt", text.encode(), "text/plain")),
            ("files", ("empty.txt", b"", "text/plain")),
        ],
    )
    job = client.get(f"/api/imports/jobs/{job_id}").json()
    states = {f["name"]: f["state"] for f in job["files"]}
    assert states == {"new.txt": "imported", "again.txt": "duplicate", "empty.txt": "failed"}
    assert job["done"] and job["percent"] == 100
    assert job["files"][0]["forms"] == 10
    page = client.get(f"/upload/{job_id}").text
    assert "已导入过" in page and "文件为空" in page
    assert re.search(r'aria-valuenow="100"', page)
    assert _forms(web) == 74


def test_upload_job_of_another_user_is_404(web: Web) -> None:
    job_id = _upload(web, web.client("unit"), [("files", ("x.txt", b"abc", "text/plain"))])
    assert web.client("other").get(f"/upload/{job_id}/progress").status_code == 404


def test_htmx_upload_returns_polling_fragment(web: Web) -> None:
    client = web.client("unit")
    token = csrf_of(client, "/upload")
    response = client.post(
        "/upload",
        files=[("files", ("x.txt", b"nothing here", "text/plain"))],
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert 'class="card upload-job"' in response.text


def test_upload_accepts_every_supported_format(web: Web, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 5: the upload reads XLSX, DOCX and HTML as well as text (format sniffed by content)."""
    from jixiao import read
    from jixiao.export.forms import ExportFormat, export_forms

    forms = read(SAMPLES / "004_66265a79e30ddeca.txt")
    files = []
    for fmt in (ExportFormat.xlsx, ExportFormat.docx):
        out = tmp_path / fmt.value
        written = export_forms(forms, fmt, out)
        main = next(p for p in written if not p.name.startswith("汇总表"))
        # The file name says nothing: the reader must sniff the content.
        name = f"表单-{fmt.value}.bin"
        files.append(("files", (name, main.read_bytes(), "application/octet-stream")))
    client = web.client("fin")
    job_id = _upload(web, client, files)
    job = client.get(f"/api/imports/jobs/{job_id}").json()
    assert [f["state"] for f in job["files"]] == ["imported", "imported"], job
    assert all(f["forms"] == len(forms) for f in job["files"]), job


FIXTURES = SAMPLES.parent / "tests" / "fixtures"


def test_refused_files_keep_their_chinese_message_and_are_never_imported(web: Web) -> None:
    """Corrupt, encrypted, too big, not a form: each fails with its own reason, on the job
    status (API and page) and in the recent-imports list, and adds no form — even though
    the other files of the same upload are imported."""
    from dataclasses import replace

    app = web.app
    app.state.settings = replace(app.state.settings, max_upload_bytes=256 * 1024)  # type: ignore[attr-defined]
    client = web.client("fin")
    before = _forms(web)
    text = (SAMPLES / "003_0404f4768d803c0b.txt").read_text(encoding="utf-8")
    good = (text + "\n\n\n").encode()  # other bytes than the imported sample: a new file
    big = "表".encode() * 100_000  # 300,000 bytes
    uploads = [
        ("files", ("损坏.xlsx", (FIXTURES / "corrupt.xlsx").read_bytes(), "application/zip")),
        ("files", ("加密.xlsx", (FIXTURES / "encrypted.xlsx").read_bytes(), "application/zip")),
        ("files", ("太大.txt", big, "text/plain")),
        ("files", ("不是表.txt", "会议纪要\n今天讨论了预算。\n".encode(), "text/plain")),
        ("files", ("好.txt", good, "text/plain")),
    ]
    job_id = _upload(web, client, uploads)
    job = client.get(f"/api/imports/jobs/{job_id}").json()
    files = {f["name"]: f for f in job["files"]}
    reasons = {
        "损坏.xlsx": "文件已损坏",
        "加密.xlsx": "文件设有打开密码",
        "太大.txt": "文件超过 256 KB，未导入",
        "不是表.txt": "未找到绩效目标表",
    }
    for name, reason in reasons.items():
        assert files[name]["state"] == "failed", files[name]
        assert files[name]["message"].startswith(name) and reason in files[name]["message"]
        assert files[name]["forms"] == 0
    assert files["好.txt"]["state"] == "imported" and files["好.txt"]["forms"] == 10
    page = client.get(f"/upload/{job_id}").text
    for name, reason in reasons.items():
        assert reason in page, name
    assert _forms(web) == before + 10
    with web.sessions() as session:
        records = {
            r.filename: r
            for r in session.scalars(select(ImportFile).where(ImportFile.filename.in_(reasons)))
        }
    assert "太大.txt" not in records  # refused before reading: nothing recorded
    for name in ("损坏.xlsx", "加密.xlsx", "不是表.txt"):
        assert records[name].status == "failed" and records[name].forms == 0
        assert reasons[name] in (records[name].message or "")
    recent = client.get("/upload").text
    assert "文件设有打开密码" in recent and "文件已损坏" in recent
