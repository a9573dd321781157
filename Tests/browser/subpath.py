"""The console behind nginx under a sub-path (`/disklessd/`), as operators deploy it."""
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

from harness import free_port

CONF = """daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log {tmp}/access.log;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location /disklessd/ {{
      proxy_pass {upstream};
      proxy_http_version 1.1;
      # Server-Sent Events must not wait in nginx's buffer.
      proxy_buffering off;
      proxy_read_timeout 1h;
    }}
  }}
}}
"""


class Nginx:
    """nginx proxying 127.0.0.1:<port>/disklessd/ to the server under test; None when nginx is missing."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.proc = None
        self.tmp = None

    def start(self):
        nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
        if not nginx:
            return None
        self.tmp = tempfile.mkdtemp(prefix="disklessd-nginx-")
        os.chmod(self.tmp, 0o755)
        port = free_port()
        conf = os.path.join(self.tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write(CONF.format(tmp=self.tmp, port=port, upstream=self.upstream))
        self.proc = subprocess.Popen([nginx, "-p", self.tmp, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/disklessd/"
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"nginx exited: {open(os.path.join(self.tmp, 'error.log')).read()[-500:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        return url
            except OSError:
                time.sleep(0.2)
        raise AssertionError("nginx did not answer within 15 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
