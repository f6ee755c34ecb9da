def test_login_and_home(client, auth, world):
    assert client.get("/reviews/").status_code == 302
    response = auth.login("lead")
    assert response.status_code == 302
    page = client.get("/reviews/")
    assert b"Child A: a draft review" in page.data
    page = client.get(f"/reviews/{world.draft}")
    assert page.status_code == 200, page.data.decode()[:3000]
