"""Edit → new version with a field-level diff; a stale version is a clear conflict."""

from __future__ import annotations

import re

from .conftest import Web, csrf_of


def _edit_fields(html: str) -> dict[str, str]:
    """The edit page's inputs as a browser would submit them (textareas included)."""
    fields = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r'<input[^>]*name="([^"]+)"[^>]*type="(?:text|hidden)"[^>]*value="([^"]*)"', html
        )
    }
    fields.update(
        {
            m.group(1): m.group(2)
            for m in re.finditer(
                r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html
            )
        }
    )
    fields.update(
        {
            m.group(1): m.group(2)
            for m in re.finditer(
                r'<input id="[^"]+" name="([^"]+)" type="text" value="([^"]*)"', html
            )
        }
    )
    fields.update(
        {
            m.group(1): m.group(2)
            for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S)
        }
    )
    import html as htmllib

    return {k: htmllib.unescape(v) for k, v in fields.items()}


def test_edit_indicator_value_makes_new_version_with_diff(web: Web) -> None:
    client = web.client("unit")
    form_id = web.form_id()
    before = client.get(f"/api/forms/{form_id}").json()
    old_value = before["data"]["indicators"][0]["value"]
    fields = _edit_fields(client.get(f"/forms/{form_id}/edit").text)
    assert fields["version"] == "1" and fields["ind-0-value"] == (old_value or "")
    fields["ind-0-value"] = "≥123(次)"
    fields["note"] = "按审核意见修改"
    saved = client.post(f"/forms/{form_id}/edit", data=fields)
    assert saved.status_code == 303, saved.text[:2000]
    detail = client.get(f"/forms/{form_id}").text
    assert "已保存为第 2 版" in detail and "≥123(次)" in detail
    after = client.get(f"/api/forms/{form_id}").json()
    assert after["version"] == 2
    assert after["data"]["indicators"][0]["target"]["number"] == "123"
    history = client.get(f"/forms/{form_id}/history").text
    assert "第1行指标·指标值" in history and "≥123(次)" in history and old_value in history
    versions = client.get(f"/api/forms/{form_id}/versions").json()
    assert [v["version"] for v in versions] == [2, 1]
    assert {"path": "indicators[0].value", "old": old_value, "new": "≥123(次)"} in versions[0][
        "changes"
    ]


def test_stale_version_is_a_conflict_and_nothing_is_overwritten(web: Web) -> None:
    alice, bob = web.client("unit"), web.client("dept")
    form_id = web.form_id()
    page_a = _edit_fields(alice.get(f"/forms/{form_id}/edit").text)
    page_b = _edit_fields(bob.get(f"/forms/{form_id}/edit").text)
    page_a["ind-0-value"] = "≥1(次)"
    assert alice.post(f"/forms/{form_id}/edit", data=page_a).status_code == 303
    page_b["ind-0-value"] = "≥2(次)"
    conflict = bob.post(f"/forms/{form_id}/edit", data=page_b)
    assert conflict.status_code == 409
    assert "已被他人修改" in conflict.text and "≥2(次)" in conflict.text  # input kept
    data = alice.get(f"/api/forms/{form_id}").json()
    assert data["version"] == 2 and data["data"]["indicators"][0]["value"] == "≥1(次)"
    # the API says the same with a status code and the current version
    api = bob.put(
        f"/api/forms/{form_id}",
        json={"data": data["data"], "expected_version": 1},
        headers={"X-CSRF-Token": bob.get("/api/me").json()["csrf_token"]},
    )
    assert api.status_code == 409 and api.json()["error"]["current_version"] == 2


def test_invalid_values_are_reported_per_field_in_chinese(web: Web) -> None:
    client = web.client("unit")
    form_id = web.form_id()
    fields = _edit_fields(client.get(f"/forms/{form_id}/edit").text)
    fields["f-funding.total"] = "很多钱"
    fields["f-start_date"] = "明年"
    response = client.post(f"/forms/{form_id}/edit", data=fields)
    assert response.status_code == 422
    assert "项目资金总额（元）" in response.text and "计划开始日期" in response.text
    assert client.get(f"/api/forms/{form_id}").json()["version"] == 1


def test_add_and_delete_indicator_rows(web: Web) -> None:
    client = web.client("unit")
    form_id = web.form_id()
    count = len(client.get(f"/api/forms/{form_id}").json()["data"]["indicators"])
    fields = _edit_fields(client.get(f"/forms/{form_id}/edit").text)
    fields["ind-0-delete"] = "1"
    fields[f"ind-{count}-level1"] = "效益指标"
    fields[f"ind-{count}-level2"] = "社会效益指标"
    fields[f"ind-{count}-name"] = "新增指标"
    fields[f"ind-{count}-value"] = "≥95%"
    assert client.post(f"/forms/{form_id}/edit", data=fields).status_code == 303
    indicators = client.get(f"/api/forms/{form_id}/indicators").json()
    assert len(indicators) == count
    assert indicators[-1]["name"] == "新增指标" and indicators[-1]["target_op"] == "≥"


def test_edit_page_uses_csrf(web: Web) -> None:
    client = web.client("unit")
    form_id = web.form_id()
    fields = _edit_fields(client.get(f"/forms/{form_id}/edit").text)
    fields.pop("csrf_token")
    assert client.post(f"/forms/{form_id}/edit", data=fields).status_code == 403
    assert csrf_of(client, "/")


def test_unit_form_key_tasks_and_budget_are_editable(web: Web) -> None:
    client = web.client("fin")
    with web.sessions() as session:
        from sqlalchemy import select

        from jixiao.store.tables import Form

        form_id = session.scalar(select(Form.id).where(Form.kind == "unit"))
    assert form_id is not None
    page = client.get(f"/forms/{form_id}/edit").text
    fields = _edit_fields(page)
    tasks = int(fields["kt-count"])
    fields["kt-0-delete"] = "1"
    fields[f"kt-{tasks}-name"] = "新增重点任务"
    fields[f"kt-{tasks}-content"] = "内容"
    fields["f-budget.other"] = "1,000.50"
    assert client.post(f"/forms/{form_id}/edit", data=fields).status_code == 303
    data = client.get(f"/api/forms/{form_id}").json()["data"]
    assert len(data["key_tasks"]) == tasks
    assert data["key_tasks"][-1] == {"name": "新增重点任务", "content": "内容"}
    assert data["budget"]["other"] == "1000.50"
