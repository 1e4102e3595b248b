"""The lead's dashboard in Russian draws its charts from the server's numbers, the table beside each chart holds
the same numbers, and the page logs no console error."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from keepwarm.touches.models import Touch
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_client


def test_own1_lead_dashboard_charts_in_russian_match_their_tables(page, lena, alice, bob):
    lena.language = "ru"
    lena.save(update_fields=["language"])
    now = timezone.now()
    for days, owner in ((0, alice), (1, alice), (1, bob), (3, bob)):
        Touch.objects.create(
            client=make_client(owner),
            happened_at=now - dt.timedelta(days=days),
            channel="call",
            goal="keep_in_touch",
            outcome="reached",
        )
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, "lena")
    page.goto("/reports/")
    page.wait_for_selector(".report-chart svg")
    screenshot(page, "reports-dashboard-ru")

    assert page.locator("html").get_attribute("lang") == "ru"
    chart = page.locator(".report-chart").first
    drawn = page.evaluate(
        "el => { const o = echarts.getInstanceByDom(el).getOption();"
        " return {x: o.xAxis[0].data, y: o.series[0].data}; }",
        chart.element_handle(),
    )
    table_rows = page.locator("table[data-table='0'] tbody tr").all()
    cells = [[cell.inner_text() for cell in row.locator("td").all()] for row in table_rows]
    assert drawn["x"] == [row[0] for row in cells]
    assert [str(value) for value in drawn["y"]] == [row[1] for row in cells]
    assert sum(drawn["y"]) == 4  # the four touches of the team's clients
    assert errors == []
