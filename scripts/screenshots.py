"""Screenshots of every page of `evalcatalog serve`, with headless Chromium.

    .venv/bin/python scripts/screenshots.py [--db catalog.db] [--out screenshots/]

Without --db it catalogues the shipped reports/ into a temporary file first. Starts the web
app on 127.0.0.1 (a free port) in a thread, then saves a full-page PNG of each page, and of the
search page at a phone's width (390 px). Needs Debian's chromium and chromium-driver.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from evalcatalog import Catalog
from evalcatalog.web import create_app

ROOT = Path(__file__).resolve().parent.parent
PAGES = [  # (file name, address, window width)
    ("search-home", "/", 1280),
    ("search", "/?q=stalkng+risk", 1280),
    ("search-filtered", "/?q=knife&theme=Knife+crime+%E2%80%93+early+intervention", 1280),
    ("search-nothing", "/?q=zzyzx+stalkingg", 1280),
    ("search-phone", "/?q=stalkng+risk", 390),
    ("browse", "/browse", 1280),
    ("report", "/reports/1?q=stalking&page=2", 1280),
    ("viewer", "/reports/1/view#page=2&search=risk", 1280),
    ("stats", "/stats", 1280),
    ("not-found", "/reports/99999", 1280),
    ("bad-request", "/?limit=0", 1280),
]


def start_server(db: str) -> tuple[uvicorn.Server, str]:
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=0,
                                           log_level="warning"))  # fmt: skip
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def shoot(driver: webdriver.Chrome, address: str, width: int, path: Path) -> None:
    driver.set_window_size(width, 900)
    driver.get(address)
    if "/view" in address:  # pdf.js draws the pages after the page has loaded
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "viewer-status").text)
        time.sleep(1)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 20, 6000))
    driver.save_screenshot(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="a catalogue (default: the shipped reports/)")
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="folder for the PNGs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or str(Path(scratch) / "catalog.db")
        if not args.db:
            with Catalog(db) as catalog:
                catalog.ingest([str(ROOT / "reports")])
        server, base = start_server(db)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        driver = browser()
        try:
            for name, address, width in PAGES:
                shoot(driver, base + address, width, out / f"{name}.png")
                print(out / f"{name}.png")
        finally:
            driver.quit()
            server.should_exit = True


if __name__ == "__main__":
    main()
