"""Downloads keep their name in any alphabet (RFC 6266), with an ASCII name beside it for older clients."""

from __future__ import annotations

import pytest

from keepwarm.core.attachments import ascii_name, attachment


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("Clienţi şi parteneri.xlsx", "Clienti_si_parteneri.xlsx"),
        ("Клиенты.csv", "download.csv"),
        ('a"b\\c;.csv', "a_b_c.csv"),
        ("clients-2026-12-07.csv", "clients-2026-12-07.csv"),
    ],
)
def test_the_ascii_name_keeps_what_ascii_can_say(name, fallback):
    assert ascii_name(name) == fallback


def test_a_name_outside_ascii_is_sent_in_utf8_beside_its_ascii_form():
    assert attachment("Ţară.csv") == "attachment; filename=\"Tara.csv\"; filename*=UTF-8''%C5%A2ar%C4%83.csv"
    assert attachment("clients.csv") == 'attachment; filename="clients.csv"'
    assert attachment("feed.ics", inline=True) == 'inline; filename="feed.ics"'
