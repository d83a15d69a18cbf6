"""The web app in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driven by Selenium against a uvicorn server on 127.0.0.1. A misspelt search, a facet, a PDF
link, script injected through a PDF's title, and axe-core's WCAG 2.1 A/AA rules on every page.
Skipped, with the reason, where Chromium is not installed (`.ci/run` installs it)."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPORTS
from pdfs import make_pdf

from evalcatalog import Catalog
from evalcatalog.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
MISSING = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"no browser to test with ({', '.join(MISSING)} missing): "
    "apt-get install chromium chromium-driver",
)
if not MISSING:
    import uvicorn
    from axe_selenium_python import Axe
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

INJECTED = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"  # 4.14.1, from npm
RUN_AXE = """const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
        (error, results) => done(error ? {error: String(error)} : results));"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    make_pdf(folder / "injected.pdf", [f"Injected javascript {INJECTED}"],
             heading=INJECTED, title=INJECTED)  # fmt: skip
    db = str(folder / "catalog.db")
    with Catalog(db) as catalog:
        catalog.ingest([str(REPORTS), str(folder / "injected.pdf")])
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def chrome(javascript: bool = True) -> Any:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    browser.set_script_timeout(60)
    return browser


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    browser = chrome()
    yield browser
    browser.quit()


def test_pages_work_without_javascript(base_url: str) -> None:
    """Search, a facet, its chip and a page link, with JavaScript switched off: the links are
    plain links, and the page link opens the PDF itself at the page."""
    browser = chrome(javascript=False)
    try:
        browser.get(base_url + "/")
        browser.find_element(By.ID, "q").send_keys("stalkng", Keys.ENTER)
        wait_for_count(browser, "3 reports match.")
        browser.find_element(By.PARTIAL_LINK_TEXT, "High harm perpetrator unit").click()
        wait_for_count(browser, "1 report matches.")
        browser.find_element(By.CSS_SELECTOR, "a.chip").click()
        wait_for_count(browser, "3 reports match.")
        link = browser.find_element(By.CSS_SELECTOR, "a.page-link")
        href = link.get_attribute("href")
        assert re.fullmatch(r".*/reports/[0-9a-f]{12}/pdf#page=\d+", href)
        link.click()
        WebDriverWait(browser, 10).until(lambda b: b.current_url == href)
    finally:
        browser.quit()


def count_text(driver: Any) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, "p.count").text)


def wait_for_count(driver: Any, expected: str) -> None:
    WebDriverWait(driver, 10).until(
        expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, "p.count"), expected)
    )


def test_misspelt_query_is_corrected(driver: Any, base_url: str) -> None:
    driver.get(base_url + "/")
    box = driver.find_element(By.ID, "q")
    box.send_keys("stalkng", Keys.ENTER)
    wait_for_count(driver, "reports match")
    correction = driver.find_element(By.CSS_SELECTOR, "p.correction").text
    assert correction == "Showing results for stalking. Search instead for stalkng."
    first = driver.find_element(By.CSS_SELECTOR, "ol.hits li.hit h3").text
    assert first == "SARA/SAM: Full technical report"
    assert driver.current_url == base_url + "/?q=stalkng"


def test_facet_narrows_and_chip_removes(driver: Any, base_url: str) -> None:
    driver.get(base_url + "/?q=stalkng")
    assert count_text(driver) == "3 reports match."
    driver.find_element(By.PARTIAL_LINK_TEXT, "High harm perpetrator unit").click()
    wait_for_count(driver, "1 report matches.")
    chip = driver.find_element(By.CSS_SELECTOR, "a.chip")
    assert chip.text == "Intervention: High harm perpetrator unit (HHPU) ✕"
    chip.click()
    wait_for_count(driver, "3 reports match.")
    driver.back()
    wait_for_count(driver, "1 report matches.")
    driver.forward()
    wait_for_count(driver, "3 reports match.")


def test_page_link_opens_the_pdf_at_the_page(driver: Any, base_url: str) -> None:
    """With JavaScript the link opens pdf.js at the page with the words highlighted; the PDF
    itself is the server's answer to the link without it (the href in the HTML)."""
    driver.get(base_url + "/?q=stalkng")
    link = driver.find_element(By.CSS_SELECTOR, "a.page-link")
    href = link.get_attribute("href")
    found = re.fullmatch(r".*/reports/([0-9a-f]{12})/view#page=(\d+)&search=stalking", href or "")
    assert found, href
    report_id, page = found.groups()
    answer = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status,"
        " r.headers.get('content-type'), new TextDecoder().decode(b.slice(0, 5))])));",
        f"{base_url}/reports/{report_id}/pdf",
    )
    assert answer == [200, "application/pdf", "%PDF-"]
    link.click()
    status = (By.ID, "viewer-status")
    WebDriverWait(driver, 30).until(
        expected_conditions.text_to_be_present_in_element(status, f"Showing page {page} of")
    )
    marked = f'.page[data-page-number="{page}"] .textLayer .highlight'
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, marked))
    assert driver.find_element(By.CSS_SELECTOR, marked).text.lower().startswith("stalking")


@pytest.mark.parametrize(
    "address", ["/?q=javascript", "/browse", "/stats", "/evidence", "/?q=stalking"]
)
def test_injected_script_never_runs(driver: Any, base_url: str, address: str) -> None:
    driver.get(base_url + address)
    time.sleep(0.2)  # an injected onerror would fire once the broken image fails to load
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    titles = [element.text for element in driver.find_elements(By.TAG_NAME, "bdi")]
    if address == "/?q=javascript":
        assert INJECTED in titles
        report = driver.find_element(By.LINK_TEXT, INJECTED)
        report.click()
        assert driver.execute_script("return typeof window.__xss") == "undefined"
        assert driver.find_element(By.TAG_NAME, "h1").text == INJECTED


PAGES = [
    "/",
    "/?q=stalkng",
    "/?q=stalkng&intervention=High+harm+perpetrator+unit+(HHPU)",
    "/?q=risc",
    "/browse",
    "/browse?sort=pages&order=desc",
    "/reports/1?q=stalking",
    "/reports/1/view#page=2&search=risk",
    "/stats",
    "/evidence",
    "/reports/99999",
    "/?limit=0",
]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_passes_axe(driver: Any, base_url: str, width: int) -> None:
    driver.set_window_size(width, 900)
    axe = Axe(driver, script_url=str(AXE))
    problems = []
    try:
        for address in PAGES:
            driver.get(base_url + address)
            axe.inject()
            results = driver.execute_async_script(RUN_AXE)
            assert "error" not in results, results
            problems += [f"{address}: {axe.report([found])}" for found in results["violations"]]
    finally:
        driver.set_window_size(1280, 900)
    assert not problems, "\n".join(problems)


def test_axe_does_find_violations(driver: Any) -> None:
    """The check above would catch a problem: an unlabelled input and an image without alt."""
    driver.get("data:text/html,<html><body><img src='x.png'><input type='text'></body></html>")
    Axe(driver, script_url=str(AXE)).inject()
    results = driver.execute_async_script(RUN_AXE)
    assert {"image-alt", "label"} <= {found["id"] for found in results["violations"]}
