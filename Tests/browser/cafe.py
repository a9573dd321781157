"""The café scenario of issue 18, in en and zh: an image gets its first version from the console
(upload → Commit), machines get disks and a disk reset works, a bulk change of 20 machines with its
report, a failing power action with a translated message inside its dialog, a viewer who sees no
write control, and screenshots of the seat map and the dashboard."""
import http.cookiejar
import json
import os
import tempfile
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

CAFE = 20


class Api:
    """A logged-in JSON client for setting up and checking what the console did."""

    def __init__(self, url, user, password):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""
        s = self.call("POST", "session", {"username": user, "password": password})
        self.csrf = s.get("csrfToken", "")

    def call(self, method, path, body=None, ctype="application/json"):
        data = None if body is None else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
        req = urllib.request.Request(self.url + "api/v1/" + path, data=data, method=method,
                                     headers={"Content-Type": ctype, "X-CSRF-Token": self.csrf})
        try:
            with self.opener.open(req, timeout=30) as r:
                text = r.read().decode()
        except urllib.error.HTTPError as e:
            raise AssertionError(f"{method} {path}: {e.code} {e.read().decode(errors='replace')[:300]}")
        return json.loads(text) if text.strip().startswith(("{", "[")) else text

    def machines(self, q):
        return self.call("GET", f"machines?q={q}&limit=500")["items"]


def setup(api):
    """Twenty café machines booting win10 (the CSV names the boot item), and a viewer."""
    lines = ["host_name,ip,mac,default_menu,super_tube"]
    for i in range(1, CAFE + 1):
        lines.append(f"cafe{i:02d},192.168.5.{i + 10},52:54:00:05:00:{i:02x},win10,0")
    api.call("POST", "machines/import", "\n".join(lines) + "\n", "text/csv")
    api.call("POST", "users", {"username": "watcher", "password": "watcher-pass-123", "role": "viewer"})


def image_lifecycle(ui, api):
    """The banner names the image nobody can boot; upload, Commit from the banner; machines get disks; reset works."""
    ui.page("dashboard", "dashboard")
    banner = ui.css("[data-banner=noVersion]", "the no-version banner on the dashboard")
    assert "win10" in banner.text, f"the banner does not name the image: {banner.text}"
    ui.page("images", "images")
    ui.css("[data-banner=noVersion]", "the no-version banner on the images page")
    ui.row("win10").find_element(By.CSS_SELECTOR, "[data-action=openImport]").click()
    dlg = ui.dialog()
    raw = os.path.join(tempfile.gettempdir(), f"cafe-{os.getpid()}.raw")
    with open(raw, "wb") as f:
        f.write(b"\xeb\x63\x90" + os.urandom(1024 * 1024 - 3))
    dlg.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(raw)
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]") or
            d.find_elements(By.CSS_SELECTOR, "dialog[open] .form-error:not(:empty)"), "the upload to end")
    errs = ui.d.find_elements(By.CSS_SELECTOR, "dialog[open] .form-error:not(:empty)")
    assert not errs, f"the upload failed: {errs[0].text if errs else ''}"
    os.unlink(raw)
    ui.success("uploading the image")
    ui.click("[data-banner=noVersion] [data-action=openCommit]", "Commit in the banner")
    dlg = ui.dialog()
    ui.fill(dlg, "note", "first install")
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.success("committing the image")
    ui.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-banner=noVersion]"), "the banner to go")
    ui.b.shot("images-committed")
    img = next(i for i in api.call("GET", "images?limit=500")["items"] if i["name"] == "win10")
    assert img.get("currentVersion"), f"the image has no current version after Commit: {img}"
    # Disks follow the desired state; a reconcile makes them now (the target driver may be missing here).
    ui.page("targets", "targets")
    ui.click("[data-action=reconcile]", "Reconcile now")
    ui.wait(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice, .dialog-error, .panel-error"), "the reconcile's answer")
    ui.page("machines", "machines")
    ui.row("cafe01").find_element(By.CSS_SELECTOR, "[data-action=more]").click()
    ui.dialog()
    ui.click("dialog[open] [data-action=reset]", "Reset disk")
    ui.wait(lambda d: d.switch_to.alert, "the reset confirmation")
    ui.d.switch_to.alert.accept()
    ui.wait(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice-success, dialog[open] .dialog-error .error-box"), "the reset's answer")
    boxes = ui.d.find_elements(By.CSS_SELECTOR, "dialog[open] .dialog-error .error-box")
    if boxes:
        code = boxes[0].get_attribute("data-code")
        raise AssertionError(f"resetting a disk after Commit failed ({code}): {boxes[0].text}")
    ui.d.find_element(By.CSS_SELECTOR, "dialog[open] [data-close]").click()
    print("browser: upload → Commit → disks → reset: passed")


def add_next(ui):
    """Add machine follows the last one: cafe21 at .31, booting win10."""
    ui.page("machines", "machines")
    ui.click("#machine-add")
    dlg = ui.dialog()
    got = {n: dlg.find_element(By.CSS_SELECTOR, f"[name={n}]").get_attribute("value") for n in ("name", "ip")}
    assert got == {"name": "cafe21", "ip": "192.168.5.31"}, f"the add dialog starts with {got}"
    item = Select(dlg.find_element(By.CSS_SELECTOR, "[name=defaultBootItem]")).first_selected_option.text
    assert item == "Windows 10", f"the default boot item is not preselected: {item!r}"
    dlg.find_element(By.CSS_SELECTOR, "[data-close]").click()


def bulk(ui, api, lang):
    """Select all 20 café machines by the filter, change them with one action, read the report."""
    ui.page("machines", "machines")
    ui.click("#view-table", "the table view")
    search = ui.css("#machine-search")
    search.clear()
    search.send_keys("cafe")
    ui.wait(lambda d: all("cafe" in r.text for r in d.find_elements(By.CSS_SELECTOR, ".list tbody tr[data-row]")), "the café filter")
    ui.click("#pick-page", "the select-page checkbox")
    ui.css(".bulk-bar", "the bulk bar")
    sel_all = ui.d.find_elements(By.CSS_SELECTOR, "#bulk-select-all")
    if sel_all:
        sel_all[0].click()
    ui.text_in(".bulk-bar .bulk-count", str(CAFE), f"{CAFE} selected")
    if lang == "en":
        ui.click(".bulk-bar [data-bulk=setDiskMode]")
        dlg = ui.dialog()
        Select(dlg.find_element(By.CSS_SELECTOR, "[name=value]")).select_by_value("persistent")
        want = ("diskMode", "persistent")
    else:
        ui.click(".bulk-bar [data-bulk=setGroup]")
        dlg = ui.dialog()
        ui.fill(dlg, "value", "二楼")
        want = ("group", "二楼")
    ui.b.shot(f"bulk-{lang}")
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    summary = ui.css("dialog[open] .bulk-summary", "the bulk report")
    assert summary.get_attribute("data-failed") == "0", f"the bulk action reported failures: {summary.text}"
    rows = dlg.find_elements(By.CSS_SELECTOR, ".bulk-report tbody tr[data-row]")
    assert len(rows) == CAFE, f"the report has {len(rows)} rows, not {CAFE}"
    ui.b.shot(f"bulk-report-{lang}")
    dlg.find_element(By.CSS_SELECTOR, "[data-close]").click()
    got = [m[want[0]] for m in api.machines("cafe")]
    assert len(got) == CAFE and all(v == want[1] for v in got), f"after the bulk change: {got}"
    ui.success("the bulk change")


def failing_power(ui, api, lang):
    """Power on through a webhook nobody answers: a readable message inside the actions dialog."""
    m = api.machines("cafe02")[0]
    body = {k: m[k] for k in ("name", "mac", "ip", "defaultBootItem", "bootItems", "diskMode", "superWorkstation", "group",
                              "allowBoot", "notes")}
    body["power"] = {"driver": "webhook", "webhookURL": "http://127.0.0.1:9/power"}
    api.call("PUT", f"machines/{m['id']}", body)
    ui.page("machines", "machines")
    search = ui.css("#machine-search")
    search.clear()
    search.send_keys("cafe02")
    ui.row("cafe02").find_element(By.CSS_SELECTOR, "[data-action=more]").click()
    ui.dialog()
    ui.click("dialog[open] [data-action=power][data-power=on]", "Power on")
    box = ui.css("dialog[open] .dialog-error .error-box", "the power error inside the dialog")
    text = box.find_element(By.CSS_SELECTOR, ".error-text").text
    if lang == "zh":
        assert any("\u4e00" <= c <= "\u9fff" for c in text), f"the power error is not in Chinese: {text}"
    assert "errno" not in text and "sendmsg" not in text, f"the power error shows raw server text: {text}"
    box.find_element(By.CSS_SELECTOR, "details summary").click()
    raw = box.find_element(By.CSS_SELECTOR, "details pre").text
    assert raw, "the server's words are not behind the toggle"
    ui.b.shot(f"power-error-{lang}")
    ui.d.find_element(By.CSS_SELECTOR, "dialog[open] [data-close]").click()
    assert not ui.d.find_elements(By.CSS_SELECTOR, ".notice-error"), "the power error was also a notice"


def seat_map(ui, lang):
    ui.page("machines", "machines")
    view = ui.d.find_elements(By.CSS_SELECTOR, "[data-action=switchView][data-id=map]")
    if not view:
        print("browser: PENDING: no seat map view yet")
        return
    search = ui.css("#machine-search")
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE)
    view[0].click()
    ui.css(".seat-map .tile", "the seat map tiles")
    ui.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".seat-map .tile")) >= CAFE + 3, "every machine on the map")
    groups = [g.get_attribute("data-group") for g in ui.d.find_elements(By.CSS_SELECTOR, ".seat-group")]
    assert "二楼" in groups or lang == "en", f"the café group is not on the map: {groups}"
    ui.b.shot(f"seat-map-{lang}")
    ui.click(".seat-map .tile[data-state]", "a tile")
    dlg = ui.dialog()
    assert dlg.find_elements(By.CSS_SELECTOR, "dl.report dd"), "the tile's details are empty"
    dlg.find_element(By.CSS_SELECTOR, "[data-close]").click()
    ui.b.viewport(390, 844)
    ui.b.shot(f"seat-map-phone-{lang}")
    ui.b.viewport(1280, 800)
    ui.click("#view-table", "back to the table")
    ui.page("dashboard", "dashboard")
    ui.b.shot(f"dashboard-cafe-{lang}")


def viewer(ui, login):
    """A viewer sees no write control on any page."""
    ui.click("#logout")
    ui.css("form[data-form=login]")
    login(ui, "watcher", "watcher-pass-123")
    for route, name in (("dashboard", "dashboard"), ("machines", "machines"), ("images", "images"), ("boot-items", "boot-items"),
                        ("targets", "targets"), ("settings", "settings"), ("events", "events")):
        ui.page(route, name)
        # Read in one go in the page (live updates redraw lists between WebDriver calls).
        writes = ui.d.execute_script("""
            const shown = (e) => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden';
            return [...document.querySelectorAll('section.page [data-write], section.page input[type=checkbox], section.page [type=submit]')]
              .filter(shown).filter((e) => !e.matches(':disabled')).filter((e) => e.dataset.write !== undefined || e.type === 'checkbox' || arguments[0] === 'settings')
              .map((e) => (e.textContent || e.outerHTML).trim().slice(0, 80));""", name)
        assert not writes, f"a viewer sees write controls on {name}: {writes}"
    ui.b.shot("viewer-machines")
    ui.click("#logout")
    ui.css("form[data-form=login]")


def probe_bulk(ui, api):
    """A build without `POST machines/bulk` (404 no route): the console then acts machine by machine."""
    try:
        api.call("POST", "machines/bulk", {"ids": [], "action": "superOff"})
    except AssertionError as e:
        if " 404 " in str(e) and "no route" in str(e):
            print("browser: PENDING: this build has no POST /api/v1/machines/bulk; the console acts one machine at a time")
            ui.b.allowed.append(("api/v1/machines/bulk", 404))


def run(ui, password, login_as):
    api = Api(ui.b.url, "admin", password)
    probe_bulk(ui, api)
    # The failing power action is provoked: its 502/503 is the answer the dialog must show.
    ui.b.allowed += [("/power", 502), ("/power", 503)]
    setup(api)
    image_lifecycle(ui, api)
    add_next(ui)
    for lang in ("en", "zh"):
        Select(ui.css("#lang-switch")).select_by_value(lang)
        bulk(ui, api, lang)
        failing_power(ui, api, lang)
        seat_map(ui, lang)
    Select(ui.css("#lang-switch")).select_by_value("en")
    viewer(ui, login_as)
    login_as(ui, "admin", password)
