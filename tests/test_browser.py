"""The web app in a real browser: `newsfuse serve` over the seed reports, driven by
Debian's headless chromium through selenium (no driver download: the system
chromedriver is passed explicitly). Screenshots land in test-artifacts/."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsfuse import pipeline
from newsfuse.store import Store
from newsfuse.web.local import start_server, stop_server

from .conftest import ROOT, SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "test-artifacts"
WAIT = 20


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"seed reports not found in {SEEDS}")
    db = tmp_path_factory.mktemp("browser") / "seeds.db"
    store = Store(db)
    pipeline.run([str(seeds[0])], store)  # the first report, then the second arrives (a watch round)
    pipeline.update([str(p) for p in seeds], store)
    store.close()
    try:
        proc, base = start_server(db)
    except RuntimeError as e:
        pytest.fail(str(e))
    yield base
    stop_server(proc)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1366,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def _wait(driver, condition):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition)


def _open_seed_story(driver, server):
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    link = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".story-item h2 a"))
    link.click()
    _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "article.story h1"))


def test_seed_story_page_shows_facts_dispute_map_and_timeline(server, browser):
    from selenium.webdriver.common.by import By

    _open_seed_story(browser, server)
    facts = browser.find_elements(By.CSS_SELECTOR, "li.fact")
    hur_facts = [f for f in facts if any(n in f.find_element(By.CSS_SELECTOR, ".chain").text
                                         for n in ("HUR", "GUR", "Intelligence"))]
    assert hur_facts, "no fact traced to Ukrainian military intelligence"
    assert all(f.find_element(By.CSS_SELECTOR, ".badge").text == "single-source" for f in hur_facts)
    disputes = browser.find_elements(By.CSS_SELECTOR, ".contradiction")
    assert any("Assad" in d.text and "Russian officials" in d.text for d in disputes)
    markers = _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#map[data-markers]"))
    assert int(markers.get_attribute("data-markers")) >= 2
    placed = {el.get_attribute("data-place") for el in browser.find_elements(By.CSS_SELECTOR, "#map .place-marker")}
    for cluster in browser.find_elements(By.CSS_SELECTOR, "#map .place-cluster"):  # places at one spot cluster
        placed |= set(cluster.get_attribute("data-places").split("|"))
    assert {"Tartus", "Damascus"} <= placed
    assert browser.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive, #map svg path")
    dates = {t.get_attribute("datetime") for t in browser.find_elements(By.CSS_SELECTOR, "ol.timeline time")}
    assert {"2024-11-27", "2024-12-01", "2024-12-08"} <= dates
    ticks = browser.find_elements(By.CSS_SELECTOR, ".axis .tick")
    assert ticks and ticks[0].value_of_css_property("left") != ticks[-1].value_of_css_property("left")
    browser.execute_script("document.getElementById('map').scrollIntoView()")
    browser.save_screenshot(str(ARTIFACTS / "story-map.png"))
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(ARTIFACTS / "story.png"))
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


def test_story_list_to_contradiction_to_its_sentence(server, browser):
    from selenium.webdriver.common.by import By

    _open_seed_story(browser, server)
    quote = browser.find_element(By.CSS_SELECTOR, ".contradiction a.claim-link")
    quoted = quote.text.strip("“”")
    quote.click()
    _wait(browser, lambda d: "/documents/" in d.current_url and "#claim-" in d.current_url)
    anchor = browser.current_url.split("#", 1)[1]
    sentence = _wait(browser, lambda d: d.find_element(By.ID, anchor))
    assert sentence.tag_name == "mark" and sentence.is_displayed()
    assert sentence.text.strip() == quoted
    assert sentence.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"  # :target highlight
    browser.save_screenshot(str(ARTIFACTS / "document-sentence.png"))


def test_keyboard_reaches_skip_link_and_filters(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Skip to content"
    field = browser.find_element(By.ID, "f-place")
    field.send_keys("Tartus", Keys.ENTER)
    _wait(browser, lambda d: "place=Tartus" in d.current_url)
    assert browser.find_elements(By.CSS_SELECTOR, ".story-item")


# -- a newcomer's path through the workbench ------------------------------------------------
def _shot(driver, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _no_horizontal_scroll(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_newcomer_story_bottom_line_to_an_issue_its_sides_and_the_sentence(server, browser):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1366, 1000)
    browser.get(server + "/ingest")
    browser.delete_all_cookies()  # a first visit: earlier tests' visits are not this newcomer's
    browser.get(server + "/")
    news = browser.find_element(By.CSS_SELECTOR, "section.news")
    assert "new report" in news.get_attribute("textContent")  # the second seed joined the story
    _shot(browser, "walk-1-story-list")
    _open_seed_story(browser, server)
    bottom = browser.find_element(By.ID, "bottom-line")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", bottom)
    assert top < 400, "the bottom line is not on the first screen"
    established = bottom.find_elements(By.CSS_SELECTOR, ".bl.established li")
    assert established and all("independent source" in li.text for li in established)
    _shot(browser, "walk-2-story-first-screen")
    issue_link = bottom.find_element(By.CSS_SELECTOR, ".bl.contested a.issue-link")
    issue_link.click()
    anchor = browser.current_url.split("#", 1)[1]
    issue = browser.find_element(By.ID, anchor)
    sides = issue.find_elements(By.CSS_SELECTOR, ".side")
    assert len(sides) >= 2
    holders = {s.find_element(By.TAG_NAME, "h3").text for s in sides}
    assert "Russian officials" in holders
    _shot(browser, "walk-3-contested-issue-sides")
    quote = sides[0].find_element(By.CSS_SELECTOR, "a.claim-link")
    quoted = quote.text.strip("“”")
    quote.click()
    _wait(browser, lambda d: "/documents/" in d.current_url and "#claim-" in d.current_url)
    mark = browser.find_element(By.ID, browser.current_url.split("#", 1)[1])
    assert mark.text.strip() == quoted
    _shot(browser, "walk-4-the-exact-sentence")


def test_newcomer_filters_by_a_place_on_the_map_and_reads_the_timeline(server, browser):
    from selenium.webdriver.common.by import By

    _open_seed_story(browser, server)
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#map[data-markers]"))
    facts = browser.find_elements(By.CSS_SELECTOR, "li.fact")
    items = browser.find_elements(By.CSS_SELECTOR, "li.t-item")
    assert items and len({i.text for i in items}) == len(items), "a timeline item appears twice"
    labels = [t.text for t in browser.find_elements(By.CSS_SELECTOR, ".axis .tick-label")]
    assert "11-27" in labels and "12-08" in labels  # the axis carries dates, not bare dots
    place = browser.find_element(By.CSS_SELECTOR, "button.place.event[data-place='Damascus']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", place)
    place.click()
    shown = [f for f in facts if f.is_displayed()]
    assert 0 < len(shown) < len(facts)
    assert all("Damascus" in f.get_attribute("data-places").split("|") for f in shown)
    visible_items = [i for i in items if i.is_displayed()]
    assert all(i.get_attribute("data-place") == "Damascus" for i in visible_items)
    assert browser.find_element(By.ID, "place-filter-note").is_displayed()
    browser.execute_script("document.getElementById('map-section').scrollIntoView()")
    time.sleep(1)
    assert browser.find_elements(By.CSS_SELECTOR, "#map .place-marker .pin-label")  # markers are labelled
    # at a regional zoom the vendored Natural Earth rivers and lakes are drawn (same-origin file)
    rivers = _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#map[data-rivers-loaded]"))
    assert int(rivers.get_attribute("data-rivers-loaded")) > 400
    assert browser.execute_script("return document.querySelectorAll('#map .leaflet-overlay-pane path').length") > 0
    _shot(browser, "walk-5-map-filtered-by-place")
    browser.find_element(By.ID, "place-filter-clear").click()
    assert all(f.is_displayed() or f.get_attribute("hidden") is None for f in facts)
    browser.execute_script("document.getElementById('timeline').scrollIntoView()")
    _shot(browser, "walk-6-timeline")


def test_keyboard_moves_between_facts(server, browser):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.by import By

    _open_seed_story(browser, server)
    facts = browser.find_elements(By.CSS_SELECTOR, "li.fact")
    browser.execute_script("arguments[0].focus()", facts[0])
    facts[0].send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("id") == facts[1].get_attribute("id")
    browser.switch_to.active_element.send_keys("k")
    assert browser.switch_to.active_element.get_attribute("id") == facts[0].get_attribute("id")


def test_newcomer_searches_a_spelling_variant_and_compares_two_reports(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/")
    box = browser.find_element(By.ID, "qs")
    box.send_keys("Hmeimim")
    box.submit()
    _wait(browser, lambda d: "/search" in d.current_url)
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".hit .snippet mark")]
    assert any("Khmeimim" in m for m in marks)
    assert browser.find_elements(By.CSS_SELECTOR, ".facet[data-facet='place'] li")
    assert browser.find_elements(By.CSS_SELECTOR, ".hit time[datetime]")
    _shot(browser, "walk-7-search-variant")
    browser.get(server + "/compare")
    a, b = Select(browser.find_element(By.ID, "c-a")), Select(browser.find_element(By.ID, "c-b"))
    a.select_by_index(1)
    b.select_by_index(2)
    browser.find_element(By.CSS_SELECTOR, ".compare-form button").click()
    verdict = _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".verdict-line"))
    assert "share an upstream source" in verdict.text
    shared = browser.find_element(By.CSS_SELECTOR, ".shared-source").text
    assert "Defence Intelligence of Ukraine" in shared and "GUR" in shared and "HUR" in shared
    assert browser.find_elements(By.CSS_SELECTOR, "#h-only-a") and browser.find_elements(By.CSS_SELECTOR, "#h-only-b")
    _shot(browser, "walk-8-compare")


def test_narrow_screen_and_dark_theme(server, browser):
    from selenium.webdriver.common.by import By

    browser.set_window_size(420, 900)
    try:
        for path, name in (("/", "list"), ("/search?q=Tartus+withdrawal", "search")):
            browser.get(server + path)
            assert _no_horizontal_scroll(browser), f"{path} scrolls sideways at 420 px"
        _open_seed_story(browser, server)
        assert _no_horizontal_scroll(browser), "the story page scrolls sideways at 420 px"
        _shot(browser, "narrow-420-story")
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        browser.get(browser.current_url)
        background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert background != "rgb(255, 255, 255)"
        _shot(browser, "dark-420-story")
        browser.set_window_size(1366, 1000)
        browser.get(browser.current_url)
        _shot(browser, "dark-story")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        browser.set_window_size(1366, 1000)
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe
