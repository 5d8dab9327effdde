"""Every page a role can open: its own title, one h1, the landmarks, and labels on fields."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import verified_login
from tests.security.test_access_matrix import ROUTES
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _pages(personas, world):
    for name, rule in sorted(ROUTES.items()):
        persona = sorted(rule.allowed)[0]
        client = Client() if rule.public else verified_login(Client(), personas[persona])
        url = reverse(name, kwargs={a: world.ids.get(k, k) for a, k in rule.kwargs.items()})
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield name, response.content.decode()


def test_every_page_has_its_own_title_one_h1_and_the_landmarks(personas):
    world = build_world(personas)
    titles = {}
    checked = 0
    for name, html in _pages(personas, world):
        checked += 1
        title = TITLE.search(html).group(1).strip()
        assert title and title != "– IMDi-portalen", name
        assert title.endswith("IMDi-portalen"), (name, title)
        titles.setdefault(title, []).append(name)
        assert len(re.findall(r"<h1[\s>]", html)) == 1, name
        assert '<main id="main"' in html, name
        assert 'href="#main"' in html, name
        assert re.search(r'<html lang="nb"', html), name
        # Every visible input has a label (or an aria-label).
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', html):
            tag = re.search(
                rf'<(?:input|select|textarea)[^>]*\sid="{re.escape(field_id)}"[^>]*>', html
            ).group(0)
            if re.search(r'type="(hidden|submit|button|reset)"', tag) or "aria-label" in tag:
                continue
            assert f'for="{field_id}"' in html, (name, field_id)
    assert checked >= 40
    shared = {t: n for t, n in titles.items() if len(n) > 1}
    assert not shared, f"pages sharing a title: {shared}"


def test_password_reset_sends_a_norwegian_mail(client, personas, mailoutbox):
    personas["hr"].email = "hanne@imdi.test"
    personas["hr"].save()
    response = client.post(reverse("password_reset"), {"email": "hanne@imdi.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "/konto/passord/nytt/" in body
    assert "Tilbakestilling av passord" in mailoutbox[0].subject or "passord" in body.lower()
