"""How a report's charts read: tooltips under the CSP, legends beside the plot, every category labelled."""

from __future__ import annotations

import pytest
from django.utils import timezone

from keepwarm.touches.choices import RefusalReason
from keepwarm.touches.models import Touch
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_client

# The plot's rectangle and the boxes of the legend's and the category axis's texts, in page pixels.
LAYOUT = """el => {
  const chart = echarts.getInstanceByDom(el);
  const grid = chart.getModel().getComponent('grid').coordinateSystem.getRect();
  const box = el.getBoundingClientRect();
  const texts = [...el.querySelectorAll('svg text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, x: r.x - box.x, y: r.y - box.y, w: r.width, h: r.height};
  });
  const o = chart.getOption();
  return {grid: {x: grid.x, y: grid.y, w: grid.width, h: grid.height}, texts,
          legend: o.series.map(s => s.name), categories: (o.yAxis[0].data || o.xAxis[0].data)};
}"""


REFUSAL = {"channel": "call", "goal": "keep_in_touch", "outcome": "refused"}


def _refusals(owner, count: int = 1) -> None:
    """`count` refusals for each reason, today."""
    for reason in RefusalReason.values * count:
        Touch.objects.create(client=make_client(owner), happened_at=timezone.now(), refusal_reason=reason, **REFUSAL)


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _reasons_chart(page):
    return page.locator(".report-chart[data-chart='1']")


def test_cat3_a_bars_tooltip_shows_each_series_with_its_marker_and_logs_no_csp_error(page, lena, alice):
    lena.language = "ru"
    lena.save(update_fields=["language"])
    _refusals(alice, 2)
    errors = _watch(page)
    log_in(page, "lena")
    page.goto("/reports/refusals/?period=week")
    chart = page.locator(".report-chart").first
    chart.locator("svg").wait_for()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)
    tip = chart.locator(".chart-tip")
    tip.wait_for()

    rows = tip.locator(".chart-tip-row").all()
    assert [row.locator("span").nth(1).inner_text() for row in rows] == ["Этот период", "Предыдущий период"]
    assert rows[0].locator("strong").inner_text() in {"16", "8", "0"}
    colour = rows[0].locator(".chart-tip-marker").evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("", "rgba(0, 0, 0, 0)")
    gap = rows[0].evaluate(
        "r => r.querySelector('strong').getBoundingClientRect().left"
        " - r.querySelectorAll('span')[1].getBoundingClientRect().right"
    )
    assert gap >= 8  # the number stands apart from its label ("Этот период5" before)
    legend = chart.locator("svg text", has_text="Предыдущий период").first
    legend.hover()  # the legend's hover and toggle write no style attributes either
    legend.click()
    legend.click()
    page.wait_for_timeout(200)
    screenshot(page, "reports-tooltip-ru")  # a full page shot resizes the window, which redraws the charts
    assert errors == []


@pytest.mark.parametrize("width", [1366, 390])
def test_cat3_every_reason_is_labelled_and_the_legend_stays_off_the_plot(page, lena, alice, width):
    lena.language = "ru"
    lena.save(update_fields=["language"])
    _refusals(alice)
    errors = _watch(page)
    page.set_viewport_size({"width": width, "height": 860})
    log_in(page, "lena")
    page.goto("/reports/refusals/?period=week")
    chart = _reasons_chart(page)
    chart.locator("svg").wait_for()
    chart.scroll_into_view_if_needed()
    screenshot(page, f"reports-reasons-{width}")

    layout = chart.evaluate(LAYOUT)
    assert len(layout["categories"]) == len(RefusalReason.values)
    drawn = " ".join(text["text"] for text in layout["texts"])
    for label in layout["categories"]:
        for word in label.split():
            assert word in drawn, label
    grid = layout["grid"]
    for text in layout["texts"]:
        if text["text"] in layout["legend"]:
            assert text["y"] + text["h"] <= grid["y"], text  # the legend above the plot
    # No two category labels overlap.
    labels = [t for t in layout["texts"] if any(t["text"] in label for label in layout["categories"])]
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            apart = a["x"] + a["w"] <= b["x"] + 1 or b["x"] + b["w"] <= a["x"] + 1
            apart = apart or a["y"] + a["h"] <= b["y"] + 1 or b["y"] + b["h"] <= a["y"] + 1
            assert apart, (a, b)
    assert errors == []


def test_lang1_a_report_prints_its_charts_and_whole_tables_without_the_navigation(page, lena, alice):
    _refusals(alice)
    errors = _watch(page)
    log_in(page, "lena")
    page.goto("/reports/refusals/?period=week")
    page.locator(".report-chart svg").first.wait_for()
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # an A4 page inside its margins

    for hidden in (".topbar", ".langswitch", ".report-downloads", ".report-picker", ".report-nav"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("h1").is_visible()
    for chart in page.locator(".report-chart").all():
        block = chart.bounding_box()
        drawing = chart.locator("svg").bounding_box()
        assert drawing["width"] <= block["width"] + 1
        assert drawing["height"] > 100  # drawn, not squashed
    cut = page.evaluate(
        "() => [...document.querySelectorAll('.table-scroll')].filter(s => s.scrollWidth > s.clientWidth + 1).length"
    )
    assert cut == 0
    assert errors == []
