"""PDF export through LibreOffice headless: the workbook or Word file, printed as it would be.

LibreOffice prints exactly what the XLSX/DOCX layout says (A4, fitted width, repeated header
rows), so the PDF is the official layout, not a second rendering to keep in step. LibreOffice
is an optional system tool: when it is missing the user is told how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.errors import JixiaoError

TIMEOUT = 300
"""Seconds one conversion may take (a few hundred forms take well under a minute)."""
NOT_INSTALLED = (
    "未找到 LibreOffice（soffice），无法导出 PDF。"
    "请先安装（Debian/Ubuntu：apt-get install -y libreoffice-calc libreoffice-writer fonts-noto-cjk），"
    "或改用 --format xlsx / docx 导出后自行打印为 PDF"
)


class ExportError(JixiaoError):
    """An export that cannot be produced (a missing tool, a failed conversion); Chinese message."""


def soffice() -> str | None:
    """The LibreOffice binary, if installed (``JIXIAO_SOFFICE`` overrides the search)."""
    override = os.environ.get("JIXIAO_SOFFICE")
    if override:
        return override if Path(override).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(source: Path, target: Path) -> Path:
    """Print ``source`` (.xlsx or .docx) to ``target`` (.pdf). Raises ExportError (Chinese)."""
    binary = soffice()
    if binary is None:
        raise ExportError(NOT_INSTALLED)
    with tempfile.TemporaryDirectory(prefix="jixiao-soffice-") as work:
        workdir = Path(work)
        # A private profile: parallel conversions (and a user's open LibreOffice) never collide.
        profile = (workdir / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ExportError(f"{source.name}: LibreOffice 转换 PDF 超时（{TIMEOUT} 秒）") from exc
        except OSError as exc:
            raise ExportError(f"{NOT_INSTALLED}（{exc}）") from exc
        produced = workdir / f"{source.stem}.pdf"
        if result.returncode != 0 or not produced.exists():
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["无输出"]
            raise ExportError(f"{source.name}: LibreOffice 转换 PDF 失败：{detail[0]}")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        shutil.move(str(produced), partial)
        partial.replace(target)
    return target
