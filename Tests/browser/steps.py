"""The browser tier's scenario: what an operator does in the console, step by step."""
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import WAIT
import cafe
import live

BAD_MAC = "52:54:00:zz:00:01"
GOOD_MAC = "52:54:00:00:00:01"


class UI:
    """Small waits and finders over the driver; every wait is bounded by WAIT seconds."""

    def __init__(self, b):
        self.b = b
        self.d = b.driver

    def wait(self, cond, what):
        try:
            return WebDriverWait(self.d, WAIT, ignored_exceptions=[StaleElementReferenceException]).until(cond)
        except Exception as e:
            raise AssertionError(f"timed out waiting for {what}: {type(e).__name__}")

    def css(self, sel, what=None):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, sel)), what or sel)

    def click(self, sel, what=None):
        # Live updates may redraw the element between finding and clicking it: find it again.
        for attempt in range(5):
            el = self.wait(EC.element_to_be_clickable((By.CSS_SELECTOR, sel)), what or sel)
            try:
                el.click()
                return el
            except StaleElementReferenceException:
                if attempt == 4:
                    raise

    def text_in(self, sel, text, what=None):
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, sel), text), what or f"'{text}' in {sel}")

    def fill(self, root, name, value):
        el = root.find_element(By.CSS_SELECTOR, f"[name='{name}']")
        el.clear()
        el.send_keys(value)
        return el

    def dialog(self):
        return self.css("dialog[open]", "a dialog")

    def page(self, route, name):
        self.d.get(self.b.url + "#/" + route)
        self.css(f"section[data-page='{name}'] h1", f"the {name} page")
        self.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "p.loading"), f"{name} to load")

    def row(self, text):
        return self.wait(lambda d: next((r for r in d.find_elements(By.CSS_SELECTOR, "section.page tbody tr")
                                         if text in r.text), None), f"a row with '{text}'")

    def success(self, what):
        self.css(".notice-success", f"a success notice after {what}")
        for b in self.d.find_elements(By.CSS_SELECTOR, ".notice button"):
            b.click()

    def no_error_notice(self, what):
        errs = [e.text for e in self.d.find_elements(By.CSS_SELECTOR, ".notice-error")]
        assert not errs, f"{what}: error notices {errs}"


def login_as(ui, user, password):
    ui.d.get(ui.b.url + "#/dashboard")
    form = ui.css("form[data-form=login]", "the login form")
    ui.fill(form, "username", user)
    ui.fill(form, "password", password)
    form.submit()
    ui.css("section[data-page=dashboard] h1", f"the dashboard for {user}")


def login(ui, password):
    ui.d.get(ui.b.url)
    form = ui.css("form[data-form=login]", "the login form")
    ui.b.shot("login")
    ui.fill(form, "username", "admin")
    ui.fill(form, "password", "wrong-password")
    form.submit()
    ui.css("form[data-form=login] .form-error:not(:empty)", "the wrong-password error")
    ui.fill(form, "password", password)
    form.submit()
    ui.css("header nav a[href='#/machines']", "the navigation after login")
    ui.css("section[data-page=dashboard] h1", "the dashboard")
    ui.css(".page-dashboard svg.bar-chart", "the boots chart")
    ui.b.shot("dashboard")


def add_machine(ui):
    ui.page("machines", "machines")
    ui.click("#machine-add")
    dlg = ui.dialog()
    ui.fill(dlg, "name", "pc01")
    ui.fill(dlg, "mac", BAD_MAC)
    ui.fill(dlg, "ip", "192.168.1.101")
    ui.fill(dlg, "group", "hall-a")
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    err = ui.css("dialog[open] [data-error-for=mac]:not(:empty)", "the MAC error next to the field")
    assert err.text.strip(), "the MAC field error is empty"
    mac = dlg.find_element(By.CSS_SELECTOR, "[name=mac]")
    assert mac.get_attribute("aria-invalid") == "true", "the MAC input is not marked invalid"
    ui.b.shot("machine-bad-mac")
    ui.fill(dlg, "mac", GOOD_MAC)
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the dialog to close")
    ui.row("pc01")
    ui.success("adding a machine")


def import_csv(ui):
    ui.click("#machine-import")
    dlg = ui.dialog()
    bad = "host_name,ip,mac,default_menu,super_tube\npc02,192.168.1.102,52:54:00:00:00:02,,0\npc03,192.168.1.103,not-a-mac,,0\n"
    ui.fill(dlg, "csv", bad)
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.css("dialog[open] .import-report table", "the per-line import report")
    report = dlg.find_element(By.CSS_SELECTOR, ".import-report").text
    assert "not-a-mac" in report or "mac" in report.lower(), f"the report does not name the bad line: {report}"
    ui.b.shot("import-report")
    ui.fill(dlg, "csv", bad.replace("not-a-mac", "52:54:00:00:00:03"))
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the import dialog to close")
    ui.row("pc02")
    ui.row("pc03")
    ui.success("the import")
    search = ui.css("#machine-search")
    search.send_keys("pc03")
    ui.wait(lambda d: all("pc03" in r.text for r in d.find_elements(By.CSS_SELECTOR, "section.page .list tbody tr")),
            "the search to narrow the table")
    search.clear()
    search.send_keys("pc")
    ui.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "section.page .list tbody tr[data-row]")) == 3, "all three machines")
    ui.b.shot("machines")
    ui.b.viewport(820, 1180)  # a tablet held upright
    ui.b.shot("machines-tablet")
    ui.b.viewport(1280, 800)


def create_image(ui):
    ui.page("images", "images")
    ui.click("#image-create")
    dlg = ui.dialog()
    ui.fill(dlg, "name", "win10")
    ui.fill(dlg, "sizeMiB", "64")
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the image dialog to close")
    ui.row("win10")
    ui.success("creating an image")
    ui.b.shot("images")


def create_boot_item(ui):
    ui.page("boot-items", "boot-items")
    ui.click("#boot-item-create")
    dlg = ui.dialog()
    ui.fill(dlg, "name", "win10")
    ui.fill(dlg, "label", "Windows 10")
    Select(dlg.find_element(By.CSS_SELECTOR, "[name=kind]")).select_by_value("iscsi")
    Select(dlg.find_element(By.CSS_SELECTOR, "[name=osImage]")).select_by_visible_text("win10")
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the boot item dialog to close")
    ui.row("Windows 10")
    ui.success("creating a boot item")
    ui.b.shot("boot-items")


def image_in_use(ui):
    """Resize grows the image; deleting it while a boot item uses it is refused with the API's reason."""
    ui.page("images", "images")
    ui.row("win10").find_element(By.CSS_SELECTOR, "[data-action=openResize]").click()
    dlg = ui.dialog()
    ui.fill(dlg, "sizeMiB", "128")
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the resize dialog to close")
    ui.success("resizing the image")
    ui.wait(lambda d: "128" in ui.row("win10").text, "the new size in the list")
    ui.row("win10").find_element(By.CSS_SELECTOR, "[data-action=delete]").click()
    ui.wait(EC.alert_is_present(), "the delete confirmation")
    ui.d.switch_to.alert.accept()
    note = ui.css(".notice-error", "the refusal to delete an image in use")
    raw = note.find_element(By.CSS_SELECTOR, "details.error-detail pre").get_attribute("textContent")
    assert len(note.text) > 20 and "409" in raw, f"the refusal does not carry the API's reason: {note.text} / {raw}"
    ui.b.shot("image-delete-refused")
    note.find_element(By.CSS_SELECTOR, "button").click()
    ui.row("win10")


def assign_boot_item(ui):
    ui.page("machines", "machines")
    row = ui.row("pc01")
    row.find_element(By.CSS_SELECTOR, "[data-action=more]").click()
    dlg = ui.dialog()
    Select(dlg.find_element(By.CSS_SELECTOR, "form[data-form=setBoot] select")).select_by_visible_text("Windows 10")
    ui.b.shot("machine-actions")
    dlg.find_element(By.CSS_SELECTOR, "form[data-form=setBoot] button[type=submit]").click()
    ui.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the actions dialog to close")
    ui.success("assigning the boot item")
    ui.wait(lambda d: "Windows 10" in ui.row("pc01").text, "pc01 to show its boot item")


def live_status(ui, password):
    """A boot event (pc01's own iPXE script fetched, as iPXE does) shows up on the open machines page
    without a reload: the status badge turns to booting through the event stream."""
    import urllib.error
    import urllib.request
    cafe.trust_boot_clients(ui.b.url, password)
    ui.page("machines", "machines")
    marker = ui.d.execute_script("window.__noReload = 1; return window.__noReload")
    try:
        urllib.request.urlopen(ui.b.url + "boot/" + GOOD_MAC.replace(":", "") + ".ipxe", timeout=10).read()
    except urllib.error.HTTPError as e:
        if e.code == 404 and "no route" in e.read().decode(errors="replace"):
            print("browser: PENDING: this build has no /boot/{mac}.ipxe: the live status step is skipped")
            return
        raise AssertionError(f"GET /boot/{{mac}}.ipxe answered {e.code}")
    ui.wait(lambda d: "booting" in ui.row("pc01").text, "pc01 to turn booting without a reload")
    assert ui.d.execute_script("return window.__noReload") == marker, "the page was reloaded"
    ui.b.shot("machines-live-booting")
    # An unknown MAC asks for its script: it appears under discovered machines; one click registers it.
    try:
        urllib.request.urlopen(ui.b.url + "boot/525400aabbcc.ipxe", timeout=10).read()
    except urllib.error.HTTPError:
        pass  # unknown machines may get an error script or a 404; discovery is what counts
    ui.wait(lambda d: any("52:54:00:aa:bb:cc" in r.text for r in d.find_elements(By.CSS_SELECTOR, ".discovered tbody tr")),
            "the unknown MAC under discovered machines")
    ui.b.shot("machines-discovered")
    ui.click(".discovered [data-action=register]")
    dlg = ui.dialog()  # Register opens the add-machine dialog, the MAC filled in
    mac = dlg.find_element(By.CSS_SELECTOR, "[name=mac]").get_attribute("value")
    assert mac == "52:54:00:aa:bb:cc", f"the register dialog's MAC is {mac!r}"
    ui.fill(dlg, "name", "pc-aabbcc")
    dlg.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.success("registering a discovered machine")
    ui.row("52:54:00:aa:bb:cc")


def preview_script(ui):
    ui.page("boot-items", "boot-items")
    ui.row("Windows 10").find_element(By.CSS_SELECTOR, "[data-action=edit]").click()
    dlg = ui.dialog()
    Select(dlg.find_element(By.CSS_SELECTOR, "form[data-form=preview] select")).select_by_visible_text(f"pc01 ({GOOD_MAC})")
    dlg.find_element(By.CSS_SELECTOR, "form[data-form=preview] button[type=submit]").click()
    if "boot-items/0/preview" in ui.b.missing:
        ui.text_in("dialog[open] pre.preview.error", "404", "the API's 404 shown in place of the script")
        ui.b.shot("boot-item-preview-pending")
        dlg.find_element(By.CSS_SELECTOR, "[data-close]").click()
        return
    ui.text_in("dialog[open] pre.preview", "#!ipxe", "the generated iPXE script")
    pre = dlg.find_element(By.CSS_SELECTOR, "pre.preview")
    assert "error" not in (pre.get_attribute("class") or ""), f"the preview failed: {pre.text}"
    assert "pc01" in pre.text and "Windows 10" in pre.text, f"the script is not pc01's with its item: {pre.text[:300]}"
    ui.b.shot("boot-item-preview")
    dlg.find_element(By.CSS_SELECTOR, "[data-close]").click()


def change_setting(ui):
    ui.page("settings", "settings")
    form = ui.css("form.settings-form")
    # DHCP is off by default: its fields are hidden (settings show only what the chosen modes use).
    hidden = ui.d.execute_script("return document.querySelector(\"[data-field='dhcp.rangeStart']\").hidden")
    assert hidden, "the DHCP range is shown although DHCP is off"
    ui.fill(form, "tftp.port", "99999")
    form.find_element(By.CSS_SELECTOR, "#settings-save").click()
    err = ui.css("[data-error-for='tftp.port']:not(:empty)", "the TFTP port error next to its field")
    assert err.text.strip()
    ui.b.shot("settings-error")
    ui.fill(form, "tftp.port", "69")
    ui.fill(form, "http.menuTimeoutSeconds", "7")
    form.find_element(By.CSS_SELECTOR, "#settings-save").click()
    ui.success("saving settings")
    ui.d.refresh()
    ui.css("form.settings-form")
    value = ui.d.find_element(By.CSS_SELECTOR, "[name='http.menuTimeoutSeconds']").get_attribute("value")
    assert value == "7", f"the saved menu timeout reads {value} after a reload"
    # The iPXE build each platform starts (issue 19): one row per platform, read from GET settings/boot-files.
    for platform in ("bios", "uefi"):
        row = ui.css(f"#settings-boot-files tr[data-platform={platform}]", f"the {platform} boot file row")
        assert row.text.strip(), f"the {platform} boot file row is empty"
    ui.click("[data-action=preview][data-id=dnsmasq]")
    ui.wait(lambda d: d.find_element(By.CSS_SELECTOR, ".page-settings pre.preview").text.strip(), "the dnsmasq preview")
    pre = ui.d.find_element(By.CSS_SELECTOR, ".page-settings pre.preview")
    if "settings/preview/dnsmasq" in ui.b.missing:
        assert "404" in pre.text and "error" in (pre.get_attribute("class") or ""), f"the pending preview shows {pre.text}"
    else:
        assert "error" not in (pre.get_attribute("class") or ""), f"the dnsmasq preview failed: {pre.text}"
        assert "dhcp" in pre.text.lower(), f"the dnsmasq preview does not look like one: {pre.text[:200]}"
    ui.d.execute_script("arguments[0].scrollIntoView()", pre)
    ui.b.shot("settings-preview")


A11Y = """
    const bad = [];
    for (const el of document.querySelectorAll('[data-action]'))
      if (!['BUTTON', 'A'].includes(el.tagName)) bad.push('action on ' + el.tagName + ': ' + el.dataset.action);
    for (const el of document.querySelectorAll('input, select, textarea')) {
      const labelled = el.labels && el.labels.length || el.getAttribute('aria-label');
      if (!labelled && el.type !== 'hidden') bad.push('no label: ' + (el.name || el.id || el.outerHTML.slice(0, 60)));
    }
    return bad;"""


def accessible(ui, name):
    """Every control is a real button/link/input with a label, so keyboards and screen readers reach it."""
    bad = ui.d.execute_script(A11Y)
    assert not bad, f"{name}: {bad}"


def other_pages(ui):
    for route, name in (("machines", "machines"), ("images", "images"), ("boot-items", "boot-items"),
                        ("settings", "settings"), ("targets", "targets"), ("events", "events"), ("users", "users"),
                        ("tokens", "tokens"), ("account", "account"), ("dashboard", "dashboard")):
        ui.page(route, name)
        accessible(ui, name)
        if name in ("targets", "events", "users", "tokens", "account", "dashboard"):
            ui.b.shot(name)
    # Keyboard: the first Tab reaches the skip button, Enter moves focus to the page.
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    ui.d.refresh()  # the sequential focus starting point is the document's start again
    ui.css("section[data-page=dashboard] h1")
    ActionChains(ui.d).send_keys(Keys.TAB).perform()
    active = ui.d.switch_to.active_element
    assert "skip" in (active.get_attribute("class") or ""), f"the first Tab reaches {active.tag_name} {active.get_attribute('outerHTML')[:80]}, not the skip button"
    active.send_keys(Keys.ENTER)
    assert ui.d.switch_to.active_element.get_attribute("id") == "page", "skip does not move focus to the page"
    ui.page("events", "events")
    ui.row("machine")  # the audit log lists the machine changes made above
    form = ui.css("form[data-form=filter]")
    ui.d.execute_script("arguments[0].value = '2020-01-01T00:00'", form.find_element(By.CSS_SELECTOR, "[name=since]"))
    Select(form.find_element(By.CSS_SELECTOR, "[name=outcome]")).select_by_value("success")
    Select(form.find_element(By.CSS_SELECTOR, "[name=action]")).select_by_value("machine.*")  # the action picker
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ui.row("pc01")  # subjects read as names, not machine/<id>
    errors = ui.d.find_elements(By.CSS_SELECTOR, ".page-events .panel-error")
    assert not errors, f"filtering events failed: {[e.text for e in errors]}"
    ui.b.shot("events-filtered")
    href = ui.wait(lambda d: d.execute_script(
        "const a = [...document.querySelectorAll(\"section.page tbody a[href*='events?machine=']\")].find((x) => x.textContent === 'pc01');"
        "return a ? a.href : null;"), "a link to pc01's history")
    ui.d.get(href)
    ui.text_in("section[data-page=events] h1", "pc01", "pc01's history")
    rows = ui.d.find_elements(By.CSS_SELECTOR, "section.page tbody tr[data-row]")
    assert rows and all("pc01" in r.text for r in rows), "the history shows other machines' events"
    ui.page("tokens", "tokens")
    form = ui.css("form[data-form=save]")
    ui.fill(form, "name", "ci")
    form.submit()
    token = ui.css("code.token", "the new token shown once")
    assert len(token.text.strip()) >= 16, "the token is too short to be a secret"
    ui.b.shot("token-created")


def switch_language(ui):
    ui.page("machines", "machines")
    Select(ui.css("#lang-switch")).select_by_value("zh")
    ui.text_in("header nav", "机器", "the Chinese navigation")
    ui.text_in("section[data-page=machines] h1", "机器")
    ui.b.shot("machines-zh")
    ui.page("dashboard", "dashboard")
    ui.b.shot("dashboard-zh")
    missing = ui.d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.all([import('./i18n/en.js'), import('./i18n/zh.js')]).then(([en, zh]) => {
          const a = Object.keys(en.default), b = Object.keys(zh.default);
          // `key.one` texts are English plurals (Chinese has none).
          done([...a.filter((k) => !b.includes(k) && !k.endsWith('.one')), ...b.filter((k) => !a.includes(k))]);
        }).catch((e) => done(['import failed: ' + e]));""")
    assert not missing, f"the dictionaries differ: {missing}"


def logout(ui):
    ui.click("#logout")
    ui.css("form[data-form=login]", "the login page after logout")
    ui.text_in("section[data-page=login] h1", "登录")
    ui.b.shot("logged-out-zh")
    Select(ui.css("#lang-switch")).select_by_value("en")
    ui.text_in("section[data-page=login] h1", "Log in")
    ui.d.get(ui.b.url + "#/machines")
    ui.css("form[data-form=login]", "the login page for a protected route after logout")


def behind_proxy(ui, password):
    """The same console under nginx at /disklessd/: every request stays under the sub-path."""
    from subpath import Nginx
    proxy = Nginx(ui.b.url)
    try:
        url = proxy.start()
        if not url:
            print("browser: nginx is not installed: the sub-path check is skipped")
            return
        ui.b.collect()
        before = len(ui.b.requests)
        ui.b.url = url
        login(ui, password)
        ui.page("machines", "machines")
        ui.row("pc01")
        ui.b.shot("machines-behind-nginx")
        ui.click("#logout")
        ui.css("form[data-form=login]")
        ui.b.collect()
        outside = [u for u in ui.b.requests[before:] if u.startswith("http") and "/disklessd/" not in u]
        assert not outside, f"requests outside the sub-path: {outside}"
    finally:
        proxy.stop()


def run_all(browser, password, server=None):
    ui = UI(browser)
    for step in (lambda: login(ui, password), lambda: add_machine(ui), lambda: import_csv(ui), lambda: create_image(ui),
                 lambda: create_boot_item(ui), lambda: image_in_use(ui), lambda: assign_boot_item(ui), lambda: live_status(ui, password), lambda: preview_script(ui),
                 lambda: change_setting(ui), lambda: other_pages(ui), lambda: cafe.run(ui, password, login_as), lambda: live.run(ui, password, server), lambda: switch_language(ui), lambda: logout(ui),
                 lambda: behind_proxy(ui, password)):
        step()
        ui.no_error_notice("after a step")
        browser.collect()
