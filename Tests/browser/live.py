"""The event stream dropping and coming back, and an event read as a Chinese sentence.

The server is restarted under the open console: the machines page must say it is reconnecting (and
dim the seat map), and once the stream is back it must reload statuses, so a tile whose machine
changed while the stream was down is not left stale. The change is written into the SQLite file
while the server is down: no event announces it, only the reload after reconnecting can show it.
(A tile stays `online` only with a real iSCSI session or agent heartbeat, which this tier has not:
`booting` with a fresh boot time is the status the server keeps unchanged across a restart.)"""
import os
import sqlite3
from datetime import datetime, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import cafe


def set_status(server, machine_id, status):
    db = sqlite3.connect(os.path.join(server.data, "disklessd.sqlite"), timeout=30)
    try:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.000")
        db.execute("UPDATE machines SET status = ?, lastBootAt = ? WHERE id = ?", (status, now, machine_id))
        db.commit()
    finally:
        db.close()


def tile_state(ui, machine_id):
    return ui.d.execute_script(
        "const e = document.querySelector(`.seat-map .tile[data-id='${arguments[0]}']`); return e ? e.dataset.state : null;",
        str(machine_id))


def stream_drop(ui, api, server):
    m = api.machines("cafe")[0]
    set_status(server, m["id"], "booting")
    ui.page("machines", "machines")
    ui.click("[data-action=switchView][data-id=map]", "the seat map view")
    ui.wait(lambda d: tile_state(ui, m["id"]) == "booting", f"{m['name']}'s tile booting")
    ui.wait(lambda d: d.execute_script("return document.querySelector('.live-mode').dataset.mode") == "sse", "the live stream")
    ui.b.collect()
    before = len(ui.b.console)
    server.halt()
    try:
        ui.text_in(".live-mode", "reconnecting", "the console saying it is reconnecting")
        ui.css(".seat-map[data-stale=true]", "the seat map marked stale while the stream is down")
        ui.b.shot("stream-reconnecting")
        set_status(server, m["id"], "offline")  # while no stream can tell the console
    finally:
        server.resume()
    ui.wait(lambda d: d.execute_script("return document.querySelector('.live-mode').dataset.mode") == "sse", "the stream back")
    ui.wait(lambda d: tile_state(ui, m["id"]) == "offline", f"{m['name']}'s tile reloaded as offline after reconnecting")
    assert not ui.d.find_elements(By.CSS_SELECTOR, ".seat-map[data-stale=true]"), "the seat map is still marked stale"
    ui.b.shot("stream-reconnected")
    ui.click("#view-table", "back to the table")
    # The refused connections while the server was down are what this step provokes.
    ui.b.collect()
    ui.b.console[before:] = [e for e in ui.b.console[before:] if "net::ERR_" not in e.get("message", "")]


def zh_sentence(ui, api):
    """A machine being added reads as a Chinese sentence naming who added which machine."""
    e = api.call("GET", "events?action=machine.create&limit=1")["items"][0]
    expected = f"{e['actor']} 添加了机器 {e.get('subjectName') or e['subject']}"
    Select(ui.css("#lang-switch")).select_by_value("zh")
    try:
        ui.page("events?action=machine.create", "events")
        ui.text_in("section[data-page=events] .list", expected, f"the zh sentence '{expected}'")
        ui.b.shot("events-zh-sentence")
    finally:
        Select(ui.css("#lang-switch")).select_by_value("en")


def run(ui, password, server):
    api = cafe.Api(ui.b.url, "admin", password)
    zh_sentence(ui, api)
    if server is None or not getattr(server, "launch", None):
        print("browser: PENDING: an external server (DISKLESSD_TEST_URL) cannot be restarted: the stream-drop step is skipped")
        return
    stream_drop(ui, api, server)
