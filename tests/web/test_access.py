"""A unit sees only its unit's forms; another unit's form id is a 404, not the form."""

from __future__ import annotations

from .conftest import OTHER_UNIT, UNIT, Web, csrf_of


def test_unit_user_gets_404_for_another_units_form(web: Web) -> None:
    client = web.client("unit")
    mine, theirs = web.form_id(UNIT), web.form_id(OTHER_UNIT)
    assert client.get(f"/forms/{mine}").status_code == 200
    for path in (
        f"/forms/{theirs}",
        f"/forms/{theirs}/edit",
        f"/forms/{theirs}/history",
        f"/api/forms/{theirs}",
        f"/api/forms/{theirs}/findings",
        f"/api/forms/{theirs}/versions",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert OTHER_UNIT not in response.text
    token = csrf_of(client, f"/forms/{mine}")
    post = client.post(f"/forms/{theirs}/review", data={"action": "submit", "csrf_token": token})
    assert post.status_code == 404


def test_unit_list_shows_only_its_unit(web: Web) -> None:
    data = web.client("unit").get("/api/forms?per_page=200").json()
    assert data["total"] == 9
    assert {item["unit"] for item in data["items"]} == {UNIT}
    assert web.client("fin").get("/api/forms").json()["total"] == 64
