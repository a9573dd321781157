#!/usr/bin/env python3
"""Sends one JSON request to `disklessd target`'s control socket and prints the answer.
Usage: ctl.py SOCKET JSON; exits 1 when the answer says ok=false."""
import json, socket, sys

s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
try:
    s.sendall(sys.argv[2].encode() + b"\n")
except BrokenPipeError:
    pass  # a refused peer: the target wrote its answer and closed before the request; read it
data = b""
while not data.endswith(b"\n"):
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
answer = json.loads(data)
print(json.dumps(answer))
sys.exit(0 if answer.get("ok") else 1)
