"""Login, session cookie, CSRF and login rate limiting."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from .conftest import PASSWORD, Web, csrf_of, login


def test_pages_need_login_and_api_answers_401(web: Web) -> None:
    client = web.client()
    response = client.get("/forms?grade=差")
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/forms?grade=%E5%B7%AE"]
    api = client.get("/api/forms")
    assert api.status_code == 401
    assert api.json() == {"error": {"code": "login_required", "message": "请先登录。"}}


def test_login_sets_httponly_samesite_cookie_and_logout_clears_it(web: Web) -> None:
    client = web.client()
    response = login(client, "fin", PASSWORD)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/").status_code == 200
    token = csrf_of(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/").status_code == 303


def test_wrong_password_is_refused_in_chinese(web: Web) -> None:
    response = login(web.client(), "fin", "wrong-password")
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.text


def test_login_rate_limited_per_username(web: Web) -> None:
    client = web.client()
    for _ in range(3):
        assert login(client, "dept", "nope").status_code == 401
    blocked = login(client, "dept", PASSWORD)  # right password, still blocked
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.text
    assert int(blocked.headers["retry-after"]) > 0
    assert login(client, "fin", PASSWORD).status_code == 303  # other usernames unaffected


def test_open_redirect_refused(web: Web) -> None:
    client = web.client()
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={
            "username": "fin",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"


def test_state_changes_without_csrf_token_are_rejected(web: Web) -> None:
    client = web.client("unit")
    form_id = web.form_id()
    response = client.post(f"/forms/{form_id}/review", data={"action": "submit"})
    assert response.status_code == 403
    assert "安全校验" in response.text
    bad = client.post(f"/forms/{form_id}/review", data={"action": "submit", "csrf_token": "forged"})
    assert bad.status_code == 403
    api = client.post(f"/api/forms/{form_id}/reviews", json={"action": "submit"})
    assert api.status_code == 403 and api.json()["error"]["code"] == "csrf"
    assert client.get(f"/api/forms/{form_id}").json()["status"] == "draft"
    # login itself is protected too (login CSRF)
    assert (
        web.client().post("/login", data={"username": "fin", "password": PASSWORD}).status_code
        == 403
    )


def test_security_headers(web: Web) -> None:
    response = web.client().get("/login")
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]
