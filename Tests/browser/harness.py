"""Browser tier helpers: the disklessd server under test and a Selenium Chromium session."""
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

WAIT = 15  # seconds any single UI wait may take


class Skip(Exception):
    """A part the tier needs is missing: exit 77 with the reason."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`disklessd serve` on a free loopback port with a temporary data directory."""

    def __init__(self, out):
        self.out = out
        self.proc = None
        self.tmp = None

    def start(self):
        url = os.environ.get("DISKLESSD_TEST_URL")
        if url:
            return url.rstrip("/") + "/", os.environ.get("DISKLESSD_TEST_PASSWORD", "")
        root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
        try:
            bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True,
                                     text=True, timeout=120).stdout.strip()
        except (OSError, subprocess.TimeoutExpired) as e:
            raise Skip(f"no swift toolchain to locate the binary: {e}")
        binary = os.path.join(bin_dir, "disklessd")
        if not os.access(binary, os.X_OK):
            raise AssertionError(f"{binary} is missing: run the build tier first")
        self.tmp = tempfile.mkdtemp(prefix="disklessd-browser-")
        data = os.path.join(self.tmp, "data")
        os.makedirs(data)
        port = free_port()
        password = "browser-" + os.urandom(6).hex()
        env = dict(os.environ, DISKLESSD_DATA_DIR=data)
        self.tgt = Tgtd(self.out)
        ctl = self.tgt.start()
        if ctl:
            env["DISKLESSD_TGT_CONTROL_PORT"] = str(ctl)
        # Set the admin password first when the CLI offers it; otherwise parse the one printed at start.
        r = subprocess.run([binary, "user", "set-password", "admin", "--password-stdin", "--data-dir", data],
                           input=password + "\n", capture_output=True, text=True, env=env, timeout=60)
        have_password = r.returncode == 0
        web = os.path.join(root, "web")
        args = [binary, "serve", "--data-dir", data] + self.listen_flags(binary, port) + self.quiet_flags(binary)
        if "--web-root" in self.help_text(binary):
            args += ["--web-root", web]
        env["DISKLESSD_WEB_ROOT"] = web
        log_path = os.path.join(self.out, "browser-server.log")
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=self.tmp)
        url = f"http://127.0.0.1:{port}/"
        self.launch = (args, env, url, log_path)
        self.data = data
        self.wait_healthy(url, log_path)
        self.check_api(url)
        if not (have_password and login_works(url, password)):
            password = self.password_from_log(log_path)
            assert login_works(url, password), f"the admin password from the log does not log in: {tail(log_path)}"
        return url, password

    def help_text(self, binary):
        if getattr(self, "_help", None) is None:
            try:
                r = subprocess.run([binary, "serve", "--help"], capture_output=True, text=True, timeout=30)
                self._help = r.stdout + r.stderr
            except (OSError, subprocess.TimeoutExpired):
                self._help = ""
        return self._help

    def listen_flags(self, binary, port):
        h = self.help_text(binary)
        if "--http-port" in h:
            return ["--http-address", "127.0.0.1", "--http-port", str(port)] if "--http-address" in h else ["--http-port", str(port)]
        if "--port" in h:
            return (["--host", "127.0.0.1"] if "--host" in h else ["--address", "127.0.0.1"] if "--address" in h else []) + ["--port", str(port)]
        return ["--listen", f"127.0.0.1:{port}"]

    def quiet_flags(self, binary):
        """Keeps the UDP boot services and the Thrift port off shared ports when serve can."""
        h = self.help_text(binary)
        flags = []
        for flag in ("--http-only", "--no-tftp", "--no-proxy-dhcp", "--no-dhcp", "--no-thrift", "--no-boot-services"):
            if flag in h:
                flags.append(flag)
        return flags

    def wait_healthy(self, url, log_path):
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                if "not built yet" in open(log_path, errors="replace").read():
                    raise Skip("disklessd serve is not implemented in this build yet")
                raise AssertionError(f"disklessd serve exited with {self.proc.returncode}: {tail(log_path)}")
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"disklessd did not answer /healthz within 60 s: {tail(log_path)}")

    def password_from_log(self, log_path):
        deadline = time.time() + 10
        while time.time() < deadline:
            text = open(log_path, errors="replace").read()
            m = re.search(r"admin\b[^\n]*?password[^\n]*?[:=]\s*\"?([A-Za-z0-9_\-+/=.~!@#$%^&*]{8,})", text, re.I) \
                or re.search(r"password[^\n]*?[:=]\s*\"?([A-Za-z0-9_\-+/=.~!@#$%^&*]{8,})", text, re.I)
            if m:
                return m.group(1).strip('"')
            time.sleep(0.3)
        raise AssertionError(f"no admin password in the server log: {tail(log_path)}")

    def check_api(self, url):
        """A build without the REST API cannot be tested in a browser: say so and skip."""
        req = urllib.request.Request(url + "api/v1/session", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(req, timeout=5)
        except urllib.error.HTTPError as e:
            if e.code == 404:
                raise Skip("this build of disklessd has no REST API yet (POST /api/v1/session is 404)")
        except OSError:
            pass
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if b"js/app.js" not in r.read():
                    raise Skip("this build of disklessd does not serve the console from web/ at /")
        except urllib.error.HTTPError as e:
            raise Skip(f"this build of disklessd does not serve the console at / ({e.code})")

    def halt(self):
        """Stops the server (graceful: open event streams end) but keeps its data for `resume`."""
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def resume(self):
        """Starts the halted server again on the same port and data directory."""
        args, env, url, log_path = self.launch
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=self.tmp)
        self.wait_healthy(url, log_path)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if getattr(self, "tgt", None):
            self.tgt.stop()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


class Tgtd:
    """A private tgtd (its own control port, portal on a free loopback port) so machines get real iSCSI
    disks; None when tgtd is missing or this is not root (the console must then show the API's 503)."""

    def __init__(self, out):
        self.out = out
        self.proc = None
        self.ctl = None

    def start(self):
        if os.geteuid() != 0 or not (shutil.which("tgtd") and shutil.which("tgtadm")):
            print("browser: note: no tgtd (or not root): machines get no iSCSI disks in this run")
            return None
        for _ in range(50):
            ctl = 10000 + int.from_bytes(os.urandom(2), "big") % 12000  # tgtd takes control ports up to 32767
            if not os.path.exists(f"/var/run/tgtd/socket.{ctl}"):
                break
        self.ctl = ctl
        self.log = open(os.path.join(self.out, "browser-tgtd.log"), "w")
        self.proc = subprocess.Popen(["tgtd", "-f", "-C", str(ctl), "--iscsi", f"portal=127.0.0.1:{free_port()}"],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.adm("--op", "show", "--mode", "target").returncode == 0:
                return ctl
            time.sleep(0.2)
        self.stop()
        raise AssertionError("the private tgtd did not answer on its control port")

    def adm(self, *args):
        return subprocess.run(["tgtadm", "-C", str(self.ctl), "--lld", "iscsi", *args], capture_output=True, text=True, timeout=20)

    def stop(self):
        if not self.proc:
            return
        out = self.adm("--op", "show", "--mode", "target").stdout
        for tid in re.findall(r"^Target (\d+):", out, re.M):
            self.adm("--op", "delete", "--mode", "target", "--tid", tid, "--force")
        self.adm("--op", "delete", "--mode", "system")  # tgtd ignores SIGTERM
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.proc = None


def login_works(url, password):
    req = urllib.request.Request(url + "api/v1/session", method="POST",
                                 data=json.dumps({"username": "admin", "password": password}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status == 200
    except OSError:
        return False


# Routes the scenario uses that other work may not have landed yet: (probe path, console match).
ROUTES = [("boot-items/0/preview", "/preview"), ("settings/preview/dnsmasq", "api/v1/settings/preview/"),
          ("targets", "api/v1/targets"), ("events/stream", "api/v1/events/stream"),
          ("health/alerts", "api/v1/health/alerts")]


def pending_routes(url, password):
    """The routes this build does not have yet (the API answers 'no route for ...'), so the tier can
    say so and check the console shows the API's error instead of breaking."""
    import http.cookiejar
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    req = urllib.request.Request(url + "api/v1/session", method="POST",
                                 data=json.dumps({"username": "admin", "password": password}).encode(),
                                 headers={"Content-Type": "application/json"})
    opener.open(req, timeout=10).close()
    missing = {}
    for probe, match in ROUTES:
        try:
            opener.open(url + "api/v1/" + probe, timeout=10).close()
        except urllib.error.HTTPError as e:
            body = e.read().decode(errors="replace")
            if e.code == 404 and ("no route" in body or "route.notFound" in body):
                missing[probe] = match
        except OSError:
            pass
    return missing


def tail(path, n=15):
    try:
        return " | ".join(open(path, errors="replace").read().splitlines()[-n:])
    except OSError:
        return ""


class Browser:
    """Headless Chromium at 1280x800 with console and network (performance) logs."""

    def __init__(self, url, shots):
        for tool in ("chromium", "chromedriver"):
            if not shutil.which(tool):
                raise Skip(f"{tool} is not installed (Debian: apt-get install chromium chromium-driver)")
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service as ChromeService
        except ImportError:
            raise Skip("the selenium Python package is missing (pip install selenium)")
        self.url = url
        self.shots = shots
        self.n = 0
        opts = webdriver.ChromeOptions()
        opts.binary_location = shutil.which("chromium")
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                  "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--lang=en-US"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=ChromeService(shutil.which("chromedriver")), options=opts)
        self.viewport(1280, 800)
        self.driver.set_page_load_timeout(30)
        self.console = []
        self.requests = []
        self.allowed = list(Browser.allowed)
        self.missing = {}

    def viewport(self, width, height):
        """The page's own size (screenshots are of the page, whatever the window decorations take)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def quit(self):
        try:
            self.driver.quit()
        except Exception:
            pass

    def shot(self, name):
        self.n += 1
        path = os.path.join(self.shots, f"{self.n:02d}-{name}.png")
        self.driver.save_screenshot(path)
        return path

    def collect(self):
        self.console += self.driver.get_log("browser")
        for entry in self.driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                self.requests.append(msg["params"]["request"]["url"])

    def check_logs(self):
        """No console error at all; every request went to the loopback server (or data:)."""
        self.collect()
        errors = [e for e in self.console if e.get("level") == "SEVERE" and not self.expected(e)]
        assert not errors, "browser console errors: " + "; ".join(e["message"] for e in errors)
        foreign = sorted({u for u in self.requests if not loopback(u)})
        assert not foreign, "requests to non-loopback hosts: " + ", ".join(foreign)
        print(f"browser: {len(self.requests)} requests, all to loopback; {len(self.console)} console entries, no error")

    # Statuses the test provokes on purpose; Chromium logs every non-2xx fetch as a console error.
    allowed = [("api/v1/session", 401), ("api/v1/machines", 422), ("api/v1/machines/import", 422), ("api/v1/settings", 422),
               ("api/v1/images/", 409)]

    def allow_missing(self, missing):
        """Routes not on this build yet: their 404 is the API's answer the console must show."""
        for probe, match in missing.items():
            print(f"browser: PENDING: this build has no route for GET /api/v1/{probe}; the console must show the API's 404")
            self.allowed.append((match, 404))
        self.missing = missing

    def expected(self, e):
        msg = e.get("message", "")
        if e.get("source") != "network":
            return False
        return any(path in msg and f"status of {code}" in msg for path, code in self.allowed)

    def dump_logs(self, path):
        try:
            self.collect()
        except Exception:
            pass
        with open(path, "w") as f:
            for e in self.console:
                f.write(f"{e.get('level')} {e.get('source')} {e.get('message')}\n")


def loopback(u):
    p = urllib.parse.urlparse(u)
    if p.scheme in ("data", "blob", "about"):
        return True
    return p.hostname in ("127.0.0.1", "localhost", "::1")
