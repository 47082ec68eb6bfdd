"""上传: several files at once, imported in the background, progress polled by htmx."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from jixiao.store.queries import list_imports
from jixiao.web.deps import DB, CurrentUser, UserScope
from jixiao.web.templating import render
from jixiao.web.uploads import FileProgress, UploadJob, UploadManager, safe_filename

router = APIRouter(include_in_schema=False)


def size_text(limit: int) -> str:
    """A byte count for people: whole MB when it is one, else KB (a small test limit too)."""
    mib = 1024 * 1024
    return f"{limit // mib} MB" if limit >= mib and limit % mib == 0 else f"{limit // 1024} KB"


def save_uploads(
    manager: UploadManager, user_id: int, files: list[UploadFile], limit: int
) -> UploadJob:
    """Spool the uploaded files to disk and queue them; oversize files fail on their own."""
    job, folder = manager.new_job(user_id)
    paths: list[Path] = []
    for index, upload in enumerate(files):
        name = safe_filename(upload.filename or "")
        target = folder / str(index) / name
        target.parent.mkdir()
        with target.open("wb") as out:
            shutil.copyfileobj(upload.file, out, 1 << 20)
        size = target.stat().st_size
        progress = FileProgress(name, size)
        if size > limit:
            progress.state = "failed"
            progress.message = f"{name}: 文件超过 {size_text(limit)}，未导入"
            target.unlink()
        elif size == 0:
            progress.state = "failed"
            progress.message = f"{name}: 文件为空，未导入"
        job.files.append(progress)
        paths.append(target)
    manager.start(job, paths)
    return job


async def form_files(request: Request) -> list[UploadFile]:
    form = await request.form()
    return [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]


@router.get("/upload")
def upload_page(request: Request, db: DB, user: CurrentUser, scope: UserScope) -> Response:
    return render(
        request,
        "upload.html",
        {"section": "upload", "imports": list_imports(db, scope, limit=30)},
    )


@router.post("/upload")
async def upload(request: Request, user: CurrentUser) -> Response:
    files = await form_files(request)
    if not files:
        return render(
            request,
            "_error_fragment.html" if request.headers.get("hx-request") else "error.html",
            {"status": 400, "message": "请选择要上传的文件。"},
            status_code=400,
        )
    settings = request.app.state.settings
    from starlette.concurrency import run_in_threadpool

    job = await run_in_threadpool(
        save_uploads, request.app.state.uploads, user.id, files, settings.max_upload_bytes
    )
    if request.headers.get("hx-request"):
        return render(request, "_upload_progress.html", {"job": job})
    return RedirectResponse(f"/upload/{job.id}", status_code=303)


def _job(request: Request, job_id: str, user_id: int) -> UploadJob:
    manager: UploadManager = request.app.state.uploads
    job = manager.get(job_id, user_id)
    if job is None:
        raise HTTPException(404, "未找到该上传任务（任务记录保留一小时）。")
    return job


@router.get("/upload/{job_id}")
def upload_job_page(request: Request, job_id: str, user: CurrentUser) -> Response:
    job = _job(request, job_id, user.id)
    return render(request, "upload_job.html", {"section": "upload", "job": job})


@router.get("/upload/{job_id}/progress")
def upload_progress(request: Request, job_id: str, user: CurrentUser) -> Response:
    job = _job(request, job_id, user.id)
    if job.done:
        request.app.state.facets.clear()
    return render(request, "_upload_progress.html", {"job": job})
