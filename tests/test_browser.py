"""The web app in a real browser: `newsfuse serve` over the seed reports, driven by
Debian's headless chromium through selenium (no driver download: the system
chromedriver is passed explicitly). Screenshots land in test-artifacts/."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newsfuse import pipeline
from newsfuse.store import Store

from .conftest import ROOT, SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "test-artifacts"
WAIT = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"seed reports not found in {SEEDS}")
    db = tmp_path_factory.mktemp("browser") / "seeds.db"
    store = Store(db)
    pipeline.run([str(p) for p in seeds], store)
    store.close()
    port = _free_port()
    exe = Path(sys.executable).with_name("newsfuse")
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "NEWSFUSE_TILE_URL": ""})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"newsfuse serve did not start: {proc.stdout.read().decode(errors='replace')}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


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
