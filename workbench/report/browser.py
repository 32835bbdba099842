"""Open a report in headless Chromium and record what a reader's browser would do with it.

Used by the browser tests (and handy by hand): every network request the page makes, every console
error, whether named sections are present, and whether the rendered page is blank. Needs Debian's
``chromium`` and ``chromium-driver`` packages and the ``selenium`` package (a dev dependency).
"""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# The flags DEVELOPERS.md gives for this machine: no sandbox as root, and no background traffic of
# Chromium's own (which would otherwise show up as requests the page did not make).
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage")
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
# A screenshot with fewer distinct colours than this is taken as blank (a white page with a
# spinner or one line of text has a handful; a report with charts has thousands).
MIN_DISTINCT_COLOURS = 64
# Run before any script of a page: records every alert/confirm/prompt call (what an injected <script>
# or on* handler such as ``<img src=x onerror=alert(1)>`` makes), so a test can tell that hostile
# text in a report ran nothing.
TRIPWIRE = """
window.__wb_ran = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = function (m) { window.__wb_ran.push(name + ':' + String(m)); return null; };
}
"""


@dataclass
class PageCheck:
    path: Path
    requests: list[str] = field(default_factory=list)      # every URL the page asked for
    console_errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)         # CSS selectors not found
    distinct_colours: int = 0
    screenshot: bytes = b""
    fonts: dict[str, list[dict]] = field(default_factory=dict)  # selector -> faces that drew its text
    ran: list[str] = field(default_factory=list)             # alert/confirm/prompt calls the page made
    text: str = ""                                           # the page's visible text

    @property
    def external_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]


def chromium_available() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


def check_pages(paths: list[Path], required: dict[str, list[str]] | None = None,
                width: int = 1280, height: int = 2000, fonts: dict[str, list[str]] | None = None) -> list[PageCheck]:
    """Load each page from disk in one headless Chromium and report what happened.

    ``fonts``: page name -> CSS selectors; for the first element each selects, the faces Chromium
    drew its text with (DevTools ``CSS.getPlatformFontsForNode``: familyName, isCustomFont,
    glyphCount), so a test can tell real glyphs from boxes in a fallback face."""
    import io

    from PIL import Image
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = Options()
    options.binary_location = shutil.which("chromium")
    profile = tempfile.mkdtemp(prefix="wb-chromium-")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRIPWIRE})
    results = []
    try:
        for path in paths:
            check = PageCheck(Path(path))
            driver.get("about:blank")
            driver.get_log("performance"), driver.get_log("browser")  # drop what came before this page
            driver.get(Path(path).resolve().as_uri())
            driver.execute_script("return document.readyState")
            for entry in driver.get_log("performance"):
                message = json.loads(entry["message"])["message"]
                if message.get("method") == "Network.requestWillBeSent":
                    check.requests.append(message["params"]["request"]["url"])
            check.console_errors = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            check.ran = list(driver.execute_script("return window.__wb_ran || []"))
            check.text = driver.find_element(By.TAG_NAME, "body").text
            for selector in (required or {}).get(Path(path).name, []):
                if not driver.find_elements(By.CSS_SELECTOR, selector):
                    check.missing.append(selector)
            for selector in (fonts or {}).get(Path(path).name, []):
                check.fonts[selector] = _platform_fonts(driver, selector)
            check.screenshot = driver.get_screenshot_as_png()
            image = Image.open(io.BytesIO(check.screenshot)).convert("RGB")
            check.distinct_colours = len(image.getcolors(maxcolors=1 << 20) or [])
            results.append(check)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return results


def _platform_fonts(driver, selector: str) -> list[dict]:
    # Web fonts load after layout asks for them; ask for what the page uses, then wait.
    driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                "document.fonts.load('1em wb-script', document.body.innerText)"
                                ".then(() => document.fonts.ready).then(() => { void document.body.offsetHeight;"
                                " requestAnimationFrame(() => requestAnimationFrame(() => done(true))); });")
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": selector}).get("nodeId")
    if not node:
        return []
    return driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node}).get("fonts", [])
