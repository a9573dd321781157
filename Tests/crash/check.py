#!/usr/bin/env python3
"""Compares what disklessd's database wants with what the host really holds.

    check.py STATE_DIR DISKS_ROOT PREFIX [EXPECTED_MACHINES]

STATE_DIR holds machines.json, images.json, boot-items.json (the REST lists, i.e. the database)
tgt-show.txt and tgt-accounts.txt (`tgtadm --op show --mode target|account`, tgtd's own view). DISKS_ROOT is the file
driver's root, listed directly. Every machine with an iSCSI boot item must have exactly its disk
file and its target (LUN 1 on that file, LUN 0 tgt's controller, an ACL for its initiator only);
a machine with CHAP has its account (user = its initiator) bound, one without has none; nothing
else carrying our prefixes may exist (target IQNs and CHAP accounts `PREFIX:`, files `dl_*`,
temp files `.tmp-*`). Prints counts; exits 1 listing every difference.
"""
import json
import os
import re
import sys


def parse_tgt(text):
    """tgtadm's show output → {iqn: {"tid", "luns": {n: path}, "acls": [..], "accounts": [..]}}."""
    targets, cur, section = {}, None, None
    for line in text.splitlines():
        m = re.match(r"^Target (\d+): (\S+)$", line)
        if m:
            cur = {"tid": int(m.group(1)), "luns": {}, "acls": [], "accounts": [], "dup": m.group(2) in targets}
            targets[m.group(2)] = cur
            section, lun = None, None
            continue
        if cur is None:
            continue
        s = line.strip()
        if line.startswith("    ") and not line.startswith("     "):
            section = s.rstrip(":")
            continue
        if section == "LUN information":
            m = re.match(r"^LUN: (\d+)$", s)
            if m:
                lun = int(m.group(1))
                cur["luns"][lun] = None
            elif s.startswith("Backing store path:"):
                cur["luns"][lun] = s.split(":", 1)[1].strip()
        elif section == "ACL information" and s:
            cur["acls"].append(s)
        elif section == "Account information" and s:
            cur["accounts"].append(s)
    return targets


def main():
    state, root, prefix = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
    expected_count = int(sys.argv[4]) if len(sys.argv) > 4 else None

    def load(name):
        with open(os.path.join(state, name)) as f:
            return json.load(f)["items"]

    machines, images, items = load("machines.json"), load("images.json"), load("boot-items.json")
    with open(os.path.join(state, "tgt-show.txt")) as f:
        tgt = parse_tgt(f.read())
    with open(os.path.join(state, "tgt-accounts.txt")) as f:
        accounts = [line.strip() for line in f.read().splitlines()[1:] if line.strip()]
    files = sorted(os.listdir(root))

    problems = []
    item_by_id = {i["id"]: i for i in items}
    image_by_id = {i["id"]: i for i in images}
    want_files = set()
    for image in images:
        want_files.add(f"dl_img{image['id']}_work.img")
        for v in image.get("versions", []):
            want_files.add(f"dl_img{image['id']}_v{v['n']}.img")
    want_targets = {}
    for m in machines:
        os_images = []
        for item_id in m.get("bootItems", []):
            item = item_by_id.get(item_id)
            if item and item.get("kind") == "iscsi":
                os_images += [item["osImage"]] + list(item.get("dataImages", []))
        # The same image on two items is one disk (first use wins), as MachineDisks does.
        disks = list(dict.fromkeys(os_images))
        if not disks:
            continue
        if any(image_by_id.get(i, {}).get("currentVersion") is None for i in disks) or m.get("superWorkstation"):
            problems.append(f"machine {m['name']}: the check only knows machine disks of versions")
            continue
        names = [f"dl_m{m['id']}_img{i}.img" for i in disks]
        want_files.update(names)
        initiator = f"{prefix}:client.{m['mac'].replace(':', '').lower()}"
        want_targets[f"{prefix}:{m['name'].lower()}"] = (m["name"], [f"{root}/{n}" for n in names], initiator,
                                                        bool(m.get("chap")))

    for iqn, (name, paths, initiator, chap) in sorted(want_targets.items()):
        t = tgt.get(iqn)
        if t is None:
            problems.append(f"machine {name}: no target {iqn}")
            continue
        if t["dup"]:
            problems.append(f"machine {name}: target {iqn} exists twice")
        want_luns = {0: "None", **{n + 1: p for n, p in enumerate(paths)}}
        if t["luns"] != want_luns:
            problems.append(f"machine {name}: target {iqn} has LUNs {t['luns']}, wants {want_luns}")
        if t["acls"] != [initiator]:
            problems.append(f"machine {name}: target {iqn} has ACLs {t['acls']}, wants [{initiator}]")
        if t["accounts"] != ([initiator] if chap else []):
            problems.append(f"machine {name}: target {iqn} has CHAP accounts {t['accounts']}, wants {[initiator] if chap else []}")
        for p in paths:
            if not os.path.isfile(p):
                problems.append(f"machine {name}: disk {p} is missing")
    for iqn in sorted(tgt):
        if iqn.startswith(prefix + ":") and iqn not in want_targets:
            problems.append(f"orphan target {iqn} (tid {tgt[iqn]['tid']})")
    want_accounts = {initiator for (_, _, initiator, chap) in want_targets.values() if chap}
    for a in accounts:
        if a.startswith(prefix + ":") and a not in want_accounts:
            problems.append(f"orphan CHAP account {a}")
    for f in files:
        if f.startswith(".tmp-"):
            problems.append(f"leftover temporary file {f}")
        elif f.startswith("dl_") and f not in want_files:
            problems.append(f"orphan disk file {f}")
    for f in sorted(want_files - set(files)):
        problems.append(f"missing disk file {f}")
    if expected_count is not None and len(machines) != expected_count:
        problems.append(f"{len(machines)} machines in the database, expected {expected_count}")

    luns = sum(len(t["luns"]) - 1 for iqn, t in tgt.items() if iqn.startswith(prefix + ":"))
    ours = sum(1 for f in files if f.startswith("dl_") or f.startswith(".tmp-"))
    chaps = sum(1 for (_, _, _, chap) in want_targets.values() if chap)
    print(f"check: database {len(machines)} machines ({chaps} with CHAP), {len(images)} images; host {len(tgt)} "
          f"targets ({luns} disk LUNs), {len(accounts)} CHAP accounts, {ours} disk files; {len(problems)} problems")
    for p in problems:
        print(f"check: PROBLEM: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
