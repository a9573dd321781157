#!/usr/bin/env python3
"""A local fake of the Smyoo cloud API, built from shared/protocol/smyoo.md (the real service is on
the internet, which tests never reach). Used by the Swift power tests and the `thrift` tier.

    smyoo-fake.py [--host 127.0.0.1] [--port 0]      prints "PORT <n>" once it listens

Calls (POST, JSON bodies with the app identity): v1/account/synloginopen, api/gfriend/synloginticket,
api/gfriend/statuschanged, api/gfriend/querydevices (mcuinfos and datapoint as JSON strings),
api/gfriend/getdevicedata, api/gfriend/setdevicedata. Answers carry Chinese resultMsg like the cloud.

Test control (not part of Smyoo):
    POST /_control {"expireSessions": true}                 every session id becomes invalid
                   {"password": "new"}                       the account's password changes
                   {"cards": [{mcuid, mcuname, note, isonline, status}, ...]}
                   {"fault": {"path": "api/gfriend/querydevices", "kind": "nonjson|5xx|hang|401", "times": 1}}
                   {"reset": true}
    GET  /_calls   every call so far: [{path, body, cookie}]
    GET  /_cards   the cards' current state
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PHONE, PASSWORD = "13800000000", "pw-ok"
IDENTITY = {"appId": 1314, "endpointOS": 1, "clientVersion": "", "deviceId": "D6AB6C159B1FE1F8EF33109CDEE0D9AD"}
CONTEXT = "A3C64845E49049BF8EA4027B6828CEF1"
DEFAULT_CARDS = [
    {"mcuid": "MCU-PC01", "mcuname": "pc01", "note": "一号机", "isonline": 1, "status": 0},
    {"mcuid": "MCU-PC02", "mcuname": "pc02", "note": "二号机（离线）", "isonline": 0, "status": 0},
    {"mcuid": "MCU-X7", "mcuname": "收银台", "note": "", "isonline": 1, "status": 1},
]


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.password = PASSWORD
        self.cards = [dict(c) for c in DEFAULT_CARDS]
        self.tickets, self.sessions = set(), set()
        self.counter = 0
        self.faults = {}
        self.calls = []


STATE = State()


def ok(data=None, msg="成功"):
    return {"resultCode": 0, "resultMsg": msg, "data": data or {}}


def fail(code, msg):
    return {"resultCode": code, "resultMsg": msg}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, status, body, ctype="application/json; charset=UTF-8"):
        raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        with STATE.lock:
            if self.path == "/_calls":
                return self.send(200, STATE.calls)
            if self.path == "/_cards":
                return self.send(200, STATE.cards)
        self.send(404, fail(404, "not found"))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        path = self.path.lstrip("/")
        if path == "_control":
            return self.control(json.loads(raw or b"{}"))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        cookie = self.headers.get("Cookie", "")
        with STATE.lock:
            STATE.calls.append({"path": path, "body": body, "cookie": cookie,
                                "contentType": self.headers.get("Content-Type", "")})
            fault = STATE.faults.get(path)
            if fault:
                fault["times"] -= 1
                if fault["times"] == 0:
                    del STATE.faults[path]
        if fault:
            kind = fault["kind"]
            if kind == "hang":
                time.sleep(60)
                return
            if kind == "5xx":
                return self.send(502, b"<html><body>502 Bad Gateway</body></html>", "text/html")
            if kind == "nonjson":
                return self.send(200, "<html>系统维护中</html>".encode(), "text/html; charset=UTF-8")
            if kind == "401":
                return self.send(401, fail(401, "未登录"))
        self.send(200, self.answer(path, body, cookie))

    def control(self, c):
        with STATE.lock:
            if c.get("reset"):
                STATE.reset()
            if c.get("expireSessions"):
                STATE.sessions.clear()
            if "password" in c:
                STATE.password = c["password"]
            if "cards" in c:
                STATE.cards = [dict(x) for x in c["cards"]]
            if "fault" in c:
                f = c["fault"]
                STATE.faults[f["path"]] = {"kind": f["kind"], "times": int(f.get("times", 1))}
        self.send(200, {"ok": True})

    def answer(self, path, body, cookie):
        if not isinstance(body, dict) or any(body.get(k) != v for k, v in IDENTITY.items()):
            return fail(10001, "参数错误：缺少应用标识")
        with STATE.lock:
            if path == "v1/account/synloginopen":
                if "context" in body:
                    return fail(10001, "参数错误")
                if body.get("phone") != PHONE or body.get("password") != STATE.password or body.get("areaId") != 0:
                    return fail(20001, "账号或密码错误")
                STATE.counter += 1
                ticket = f"T{STATE.counter:04d}"
                STATE.tickets.add(ticket)
                return ok({"ticket": ticket})
            if body.get("context") != CONTEXT:
                return fail(10001, "参数错误：context")
            if path == "api/gfriend/synloginticket":
                if body.get("ticket") not in STATE.tickets:
                    return fail(20002, "票据无效")
                STATE.tickets.discard(body["ticket"])
                STATE.counter += 1
                sid = f"S{STATE.counter:04d}"
                STATE.sessions.add(sid)
                return ok({"BpeSessionId": sid})
            sid = cookie[len("BpeSessionId="):] if cookie.startswith("BpeSessionId=") else None
            if sid not in STATE.sessions:
                return fail(10004, "会话已过期，请重新登录")
            if path == "api/gfriend/statuschanged":
                return ok({"deviceupdatetime": int(time.time())})
            if path == "api/gfriend/querydevices":
                infos = [{"mcuid": c["mcuid"], "mcuname": c["mcuname"], "note": c["note"], "isonline": c["isonline"],
                          "datapoint": json.dumps({"status": c["status"]})} for c in STATE.cards]
                # Two levels of JSON inside strings, as the real cloud answers.
                return ok({"mcuinfos": json.dumps(infos, ensure_ascii=False)})
            card = next((c for c in STATE.cards if c["mcuid"] == body.get("mcuid")), None)
            if path == "api/gfriend/getdevicedata":
                return ok({"datapoint": json.dumps({"status": card["status"]})}) if card else fail(20004, "设备不存在")
            if path == "api/gfriend/setdevicedata":
                if card is None:
                    return fail(20004, "设备不存在")
                if body.get("datatype") != 1 or not isinstance(body.get("datapoint"), str):
                    return fail(10001, "参数错误：datapoint")
                point = json.loads(body["datapoint"])
                if point.get("status") not in (0, 1):
                    return fail(10001, "参数错误：status")
                if not card["isonline"]:
                    return fail(20003, "设备不在线")
                card["status"] = point["status"]
                return ok(msg="操作成功")
        return fail(404, "接口不存在")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    server = ThreadingHTTPServer((a.host, a.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
