"""Regenerate the README's screenshots of the web app from the bundled examples/:
the story page's first screen, its map and the compare page, all on the Kakhovka dam
story (five reports over three days, one syndicated copy, Kyiv and Moscow blaming each
other). Needs Debian's chromium and chromedriver (as the browser tests do).

    PYTHONPATH=src .venv/bin/python scripts/screenshots.py [--out docs/img]

Builds a fresh database in a temporary folder, serves it on a free loopback port, and
drives headless Chromium through selenium; nothing is loaded from outside."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
STORY_TITLE_WORD = "Kakhovka"  # the dam story: contested responsibility, rivers on the map
COMPARE = ("Black Sea Monitor", "The Dnieper Dispatch")  # the day of the breach and the day after


def _browser(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--window-size=1100,760",
                 "--force-device-scale-factor=1", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def _wait(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    parser.add_argument("--timeline", action="store_true", help="also the story's timeline (timeline.png), for review")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from newsfuse import pipeline
    from newsfuse.store import Store
    from newsfuse.web.local import start_server, stop_server

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "examples.db"
        store = Store(db)
        pipeline.run([str(ROOT / "examples")], store)
        pair = [next(d.id for d in store.documents() if d.outlet == outlet) for outlet in COMPARE]
        store.close()
        proc, base = start_server(db, timeout=60)
        driver = _browser(Path(tmp) / "chromium")
        try:
            driver.get(base + "/")
            link = _wait(driver, lambda d: next((a for a in d.find_elements(By.CSS_SELECTOR, ".story-item h2 a")
                                                  if STORY_TITLE_WORD in a.text), None))
            link.click()
            _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#map[data-markers]"))
            driver.save_screenshot(str(out / "story.png"))
            driver.execute_script("document.getElementById('map-section').scrollIntoView()")
            _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#map[data-rivers-loaded]"))
            time.sleep(1.5)  # town labels and tiles of the outline settle
            driver.save_screenshot(str(out / "map.png"))
            if args.timeline:
                driver.execute_script("document.getElementById('timeline').scrollIntoView()")
                driver.save_screenshot(str(out / "timeline.png"))
            driver.set_window_size(1100, 1000)  # compare: the verdict and what both state
            driver.get(base + "/compare")
            for key, doc_id in zip(("c-a", "c-b"), pair):
                Select(driver.find_element(By.ID, key)).select_by_value(doc_id)
            driver.find_element(By.CSS_SELECTOR, ".compare-form button").click()
            _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".verdict-line"))
            driver.save_screenshot(str(out / "compare.png"))
        finally:
            driver.quit()
            stop_server(proc)
    for name in ("story", "map", "compare") + (("timeline",) if args.timeline else ()):
        print(f"{out / (name + '.png')}: {(out / (name + '.png')).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
