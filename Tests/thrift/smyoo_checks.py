"""Smyoo power cards in the `thrift` tier: disklessd's `smyoo` driver against the local fake of the
Smyoo cloud (Tests/fakes/smyoo-fake.py, running in the client namespace), through the Thrift port
(both generated clients) and REST. Imported by Tests/thrift/run."""
import json
import time
import urllib.request

PHONE, PASSWORD = "13800000000", "pw-ok"
CARDS = [{"mcuid": "MCU-06", "mcuname": "pc06", "note": "六号机", "isonline": 1, "status": 0},
         {"mcuid": "MCU-07", "mcuname": "pc07", "note": "", "isonline": 0, "status": 0},
         {"mcuid": "MCU-X7", "mcuname": "收银台", "note": "前台", "isonline": 1, "status": 1}]


class Smyoo:
    def __init__(self, rest, base, bound):
        self.rest, self.base, self.bound = rest, base, bound
        self.ids = {}

    # --- the fake's test controls ---
    def _fake(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method="POST" if data else "GET")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def control(self, **kw):
        self._fake("/_control", kw)

    def calls(self, path):
        return [x for x in self._fake("/_calls") if x["path"] == path]

    def status(self, mcuid):
        return next((c["status"] for c in self._fake("/_cards") if c["mcuid"] == mcuid), None)

    def setup(self, settings, machine):
        """The account in the settings, three machines on cards (pc06 by name, pc07 offline, cashier by mcuid)."""
        settings["power"]["smyoo"] = {"baseURL": self.base, "phone": PHONE, "password": PASSWORD}
        self.control(reset=True, cards=CARDS)
        self.ids["pc06"] = machine("pc06", "52:54:00:00:00:06", None, "smyoo")
        self.ids["pc07"] = machine("pc07", "52:54:00:00:00:07", None, "smyoo")
        self.ids["cashier"] = machine("cashier", "52:54:00:00:00:08", None, "smyoo", mcuid="MCU-X7")

    # --- once per client and transport ---
    def thrift_checks(self, c, cl, v, kind):
        T = v.types
        r = cl.handleMessage(v.msg(34, None, "pc06"))
        info = v.de(T.SmyooDeviceInfo, r.message) if r.code == 0 else None
        c.check(info is not None and (info.mcuname, info.note, info.mcuid, info.isonline) == ("pc06", "六号机", "MCU-06", 1),
                f"{kind}: GET_SMYOO_DEVICE_INFO answers from querydevices ({info})")
        r = cl.handleMessage(v.msg(34, None, "cashier"))
        info = v.de(T.SmyooDeviceInfo, r.message) if r.code == 0 else None
        c.check(info is not None and (info.mcuname, info.mcuid, info.power) == ("收银台", "MCU-X7", 1),
                f"{kind}: a machine with an explicit mcuid gets its card, Chinese name and all ({info})")
        for status in (1, 0):
            r = cl.handleMessage(v.msg(35, T.SmyooDevicePowerData(status=status), "pc06"))
            c.check(r.code == 0 and v.raw(r.message) == b"success" and self.status("MCU-06") == status,
                    f"{kind}: SET_SMYOO_DEVICE_POWER {status} switches the card through setdevicedata (code {r.code})")
        r = cl.handleMessage(v.msg(35, T.SmyooDevicePowerData(status=1), "pc07"))
        c.check(r.code == 1202 and "设备不在线" in v.text(r.message),
                f"{kind}: an offline card is 1202 with the cloud's message ({v.text(r.message)!r})")
        logins = len(self.calls("v1/account/synloginopen"))
        self.control(expireSessions=True)
        r = cl.handleMessage(v.msg(35, T.SmyooDevicePowerData(status=1), "pc06"))
        c.check(r.code == 0 and len(self.calls("v1/account/synloginopen")) == logins + 1 and self.status("MCU-06") == 1,
                f"{kind}: an expired session is renewed and the switch goes through (code {r.code})")

    # --- once: failures of the cloud, through Thrift and REST ---
    def failure_checks(self, c, client, v):
        T = v.types
        cl, tr = client()
        pc06 = self.ids["pc06"]

        def both(what, code, words):
            t0 = time.monotonic()
            r = cl.handleMessage(v.msg(35, T.SmyooDevicePowerData(status=0), "pc06"))
            thrift_s = round(time.monotonic() - t0, 2)
            status, body = self.rest.call("POST", f"/api/v1/machines/{pc06}/power", {"action": "off"})
            detail = body.get("detail", "") if isinstance(body, dict) else str(body)
            c.check(r.code == code and words in v.text(r.message),
                    f"{what}: Thrift code {r.code} after {thrift_s} s ({v.text(r.message)[:160]!r})")
            c.check(status == 502 and words in detail, f"{what}: REST {status} ({detail[:160]!r})")

        self.control(expireSessions=True, password="changed-in-the-app")
        both("a session that cannot be renewed", 1203, "账号或密码错误")
        self.control(password=PASSWORD)
        for kind, words in (("nonjson", "not JSON"), ("5xx", "http 502")):
            self.control(fault={"path": "api/gfriend/setdevicedata", "kind": kind, "times": 2})
            both(f"a {kind} answer", 1202, words)
        self.control(fault={"path": "api/gfriend/setdevicedata", "kind": "hang", "times": 2})
        both("a cloud that never answers", 4, "timed out")
        tr.close()

    def rest_checks(self, c):
        _, drivers = self.rest.call("GET", "/api/v1/power/drivers", expect=200)
        by = {d["driver"]: d for d in drivers}
        c.check(by["wol"]["canSwitchOff"] is False and by["smyoo"]["actions"] == ["on", "off"]
                and all(by[d]["canSwitchOff"] for d in ("agent", "ipmi", "webhook", "smyoo")),
                f"GET /power/drivers says which drivers switch off ({drivers})")
        _, m = self.rest.call("GET", f"/api/v1/machines/{self.ids['cashier']}", expect=200)
        c.check(m["power"]["mcuid"] == "MCU-X7" and m["power"]["actions"] == ["on", "off"],
                f"GET machine shows the mcuid and what its driver can do ({m['power']})")
        _, s = self.rest.call("GET", "/api/v1/settings", expect=200)
        smyoo = s["power"]["smyoo"]
        c.check(smyoo["passwordSet"] is True and "password" not in smyoo and PASSWORD not in json.dumps(s),
                f"GET settings never shows the Smyoo password ({smyoo})")
        status, answer = self.rest.call("POST", f"/api/v1/machines/{self.ids['pc06']}/power", {"action": "on"})
        c.check(status == 200 and self.status("MCU-06") == 1, f"REST power on of a smyoo machine switches its card ({answer})")
        _, events = self.rest.call("GET", "/api/v1/events?limit=500", expect=200)
        c.check(PASSWORD not in json.dumps(events), "no event holds the Smyoo password")
