"""审核流程 by role: submit, return (comment required), resubmit, approve; history shown."""

from __future__ import annotations

from .conftest import Web, csrf_of


def _act(client, form_id: int, action: str, comment: str = ""):  # type: ignore[no-untyped-def]
    token = csrf_of(client, f"/forms/{form_id}")
    return client.post(
        f"/forms/{form_id}/review",
        data={"action": action, "comment": comment, "csrf_token": token},
    )


def _status(client, form_id: int) -> str:  # type: ignore[no-untyped-def]
    return str(client.get(f"/api/forms/{form_id}").json()["status"])


def test_submit_return_resubmit_approve(web: Web) -> None:
    unit, dept = web.client("unit"), web.client("dept")
    form_id = web.form_id()
    page = unit.get(f"/forms/{form_id}").text
    assert 'value="submit"' in page and 'value="approve"' not in page
    assert _act(unit, form_id, "submit").status_code == 303
    assert _status(unit, form_id) == "submitted"
    assert 'value="return"' in dept.get(f"/forms/{form_id}").text

    no_comment = _act(dept, form_id, "return")
    assert no_comment.status_code == 303
    assert "必须填写审核意见" in dept.get(f"/forms/{form_id}").text
    assert _status(dept, form_id) == "submitted"

    _act(dept, form_id, "return", "满意度指标值请写明百分比")
    assert _status(unit, form_id) == "returned"
    assert "满意度指标值请写明百分比" in unit.get(f"/forms/{form_id}").text
    _act(unit, form_id, "submit")
    _act(dept, form_id, "approve", "同意")
    assert _status(dept, form_id) == "approved"
    reviews = dept.get(f"/api/forms/{form_id}/reviews").json()
    assert [r["action"] for r in reviews] == ["submit", "return", "submit", "approve"]
    assert reviews[1]["comment"] == "满意度指标值请写明百分比"
    history = unit.get(f"/forms/{form_id}/history").text
    assert "退回修改" in history and "满意度指标值请写明百分比" in history
    # approved forms are frozen for the unit
    assert "不能修改" in unit.get(f"/forms/{form_id}/edit").text


def test_unit_cannot_approve(web: Web) -> None:
    unit = web.client("unit")
    form_id = web.form_id()
    _act(unit, form_id, "submit")
    _act(unit, form_id, "approve")
    assert _status(unit, form_id) == "submitted"
    assert "不能执行" in unit.get(f"/forms/{form_id}").text


def test_api_review_actions(web: Web) -> None:
    fin = web.client("fin")
    form_id = web.form_id()
    headers = {"X-CSRF-Token": fin.get("/api/me").json()["csrf_token"]}
    ok = fin.post(f"/api/forms/{form_id}/reviews", json={"action": "submit"}, headers=headers)
    assert ok.status_code == 200 and ok.json()[-1]["to_status"] == "submitted"
    refused = fin.post(f"/api/forms/{form_id}/reviews", json={"action": "return"}, headers=headers)
    assert refused.status_code == 409 and "审核意见" in refused.json()["error"]["message"]
