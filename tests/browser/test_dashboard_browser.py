"""The dashboard in headless Chromium: what only a browser shows."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from extract.store import EventFilter

DRAWN = ".js-plotly-plot .main-svg"


def open_page(page, url):
    page.goto(url)
    page.wait_for_selector(DRAWN, timeout=20_000)
    expect(page.locator("#status")).to_contain_text("events", timeout=10_000)
    expect(page.locator("#table-note")).to_contain_text("event")
    page.wait_for_load_state("networkidle")


def status_count(page) -> int:
    return int(re.match(r"([\d,]+) event", page.locator("#status").inner_text()).group(1).replace(",", ""))


def test_the_page_loads_with_lanes_by_category(page, live_server):
    url, store = live_server
    open_page(page, url)
    assert status_count(page) == store.count(EventFilter(dated=True))
    ticks = page.locator(".ytick text").all_text_contents()
    assert any("Talks" in t for t in ticks)
    assert page.locator("#undated li").count() >= 1


def test_ticking_a_category_shows_only_that_category(page, live_server):
    url, store = live_server
    open_page(page, url)
    page.locator("#categories label", has_text="Talks").click()
    expect(page).to_have_url(re.compile(r"cat=talks"))
    expect(page.locator("#status")).to_contain_text(f"{store.count(EventFilter(categories=('talks',), dated=True))} event")
    ticks = page.locator(".ytick text").all_text_contents()
    assert len(ticks) == 1 and "Talks" in ticks[0]


def test_searching_narrows_the_table_to_matching_events(page, live_server):
    url, store = live_server
    open_page(page, url)
    page.fill("#search", "Kyiv")
    expect(page).to_have_url(re.compile(r"q=Kyiv"))
    expected = store.count(EventFilter(text="Kyiv", dated=True))
    expect(page.locator("#status")).to_contain_text(f"{expected} event")
    expect(page.locator("#table-note")).to_contain_text(f"{expected} event")
    sentences = page.locator("#events-table .ag-row [col-id=sentence]").all_inner_texts()
    assert sentences and all("Kyiv" in s or "kyiv" in s.lower() for s in sentences) or expected > len(sentences)


def test_clicking_a_row_opens_the_event_detail(page, live_server):
    url, _ = live_server
    open_page(page, url)
    page.locator("#events-table .ag-row [col-id=sentence]").first.click()
    expect(page).to_have_url(re.compile(r"event="))
    detail = page.locator("#detail")
    expect(detail).to_be_visible()
    expect(detail).to_contain_text("Why this date?")
    expect(detail).to_contain_text("Sources (")
    page.click("#detail-close")
    expect(detail).to_be_hidden()


def test_a_copied_link_reopens_the_same_view(page, live_server, browser):
    url, _ = live_server
    open_page(page, url)
    page.locator("#categories label", has_text="Statement").click()
    page.locator("#modalities label", has_text="Asserted").click()
    page.fill("#search", "said")
    expect(page).to_have_url(re.compile(r"q=said"))
    page.locator("#events-table .ag-row [col-id=sentence]").first.click()
    expect(page).to_have_url(re.compile(r"event="))
    page.wait_for_timeout(500)
    link, status, detail = page.url, page.locator("#status").text_content(), page.locator("#detail-body").text_content()

    other = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    open_page(other, link)
    expect(other.locator("#status")).to_have_text(status)
    expect(other.locator("#detail-body")).to_have_text(detail)
    expect(other.locator("#search")).to_have_value("said")
    assert other.locator("#categories input[value=statement]").is_checked()
    assert other.locator("#modalities input[value=asserted]").is_checked()
    other.context.close()


def test_back_and_forward_step_through_views(page, live_server):
    url, _ = live_server
    open_page(page, url)
    page.locator("#categories label", has_text="Talks").click()
    expect(page).to_have_url(re.compile(r"cat=talks$"))
    page.locator("#categories label", has_text="Statement").click()
    expect(page).to_have_url(re.compile(r"cat=talks,statement"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"cat=talks$"))
    expect(page.locator("#categories input[value=statement]")).not_to_be_checked()
    expect(page.locator("#categories input[value=talks]")).to_be_checked()
    page.go_forward()
    expect(page.locator("#categories input[value=statement]")).to_be_checked()


def test_uploading_an_article_adds_its_events(page, live_server, tmp_path):
    url, store = live_server
    open_page(page, url)
    before = store.counts()["articles"]
    page.click("#add-open")
    article = tmp_path / "geneva.txt"
    article.write_text("Negotiators met in Geneva on Monday for talks on the crisis.\n", encoding="utf-8")
    page.fill("#add-published", "2022-02-14")
    page.locator("#add-upload input[type=file]").set_input_files(str(article))
    expect(page.locator("#add-files")).to_contain_text("geneva.txt")
    page.click("#add-submit")
    expect(page.locator("#add-message")).to_contain_text("Added 1 article", timeout=30_000)
    assert store.counts()["articles"] == before + 1
    expect(page.locator("#stats")).to_contain_text(f"{before + 1:,} articles")


def test_a_bad_date_gets_a_message_in_the_page(page, live_server):
    url, store = live_server
    open_page(page, url)
    before = store.counts()
    page.click("#add-open")
    page.fill("#add-text", "Some article text.")
    page.fill("#add-published", "the day after tomorrow")
    page.click("#add-submit")
    expect(page.locator("#add-message")).to_contain_text("Nothing was added")
    expect(page.locator("#add-message")).to_have_class(re.compile("error"))
    assert store.counts() == before


def test_article_text_is_shown_as_text_never_as_html(page, live_server, tmp_path):
    url, _ = live_server
    open_page(page, url)
    page.click("#add-open")
    page.fill("#add-text", "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script> Russian troops advanced towards the border near Riga yesterday.")
    page.fill("#add-published", "2022-02-10")
    page.click("#add-submit")
    expect(page.locator("#add-message")).to_contain_text("Added", timeout=30_000)
    page.fill("#search", "Riga")
    expect(page).to_have_url(re.compile(r"q=Riga"))
    expect(page.locator("#table-note")).to_have_text(re.compile(r"^1 event"))
    page.locator("#events-table .ag-row [col-id=sentence]").first.click()
    expect(page.locator("#detail-body")).to_contain_text("<script>")
    assert page.title() != "pwned"
    assert page.locator("#detail-body img").count() == 0


def test_light_and_dark_screenshots(page, live_server, screenshots):
    url, store = live_server
    event = store.select(EventFilter(dated=True, categories=("troop_movement",)), limit=1)[0]["id"]
    open_page(page, f"{url}/?event={event}")
    expect(page.locator("#detail")).to_be_visible()
    page.wait_for_timeout(800)
    page.screenshot(path=str(screenshots / "dashboard-light.png"), full_page=True)
    page.click("#theme-toggle")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.wait_for_timeout(1200)
    page.screenshot(path=str(screenshots / "dashboard-dark.png"), full_page=True)
    assert (screenshots / "dashboard-dark.png").stat().st_size > 50_000


def test_team_links_sit_in_the_top_bar_and_cover_nothing(page, live_server):
    url, _ = live_server
    open_page(page, url)
    bar = page.locator(".topbar #team-bar")
    expect(bar).to_contain_text("Saved views", timeout=10_000)
    expect(bar).to_contain_text("Articles")
    expect(bar).not_to_contain_text("Users")  # no accounts without sign-in
    box, plot = bar.bounding_box(), page.locator(".js-plotly-plot").bounding_box()
    assert box["y"] + box["height"] <= plot["y"], (box, plot)
