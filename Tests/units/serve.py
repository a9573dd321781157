"""Helpers of the `units` tier: start `disklessd serve` on loopback, wait for sd_notify messages,
probe /healthz, read a process's CPU time. Every wait is bounded."""
import os
import socket
import subprocess
import time
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NotifySocket:
    """A unix datagram socket standing in for systemd's: `address` goes into NOTIFY_SOCKET."""

    def __init__(self, path=None, abstract=None):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if abstract:
            self.sock.bind("\0" + abstract)
            self.address = "@" + abstract
        else:
            self.sock.bind(path)
            self.address = path

    def wait_for(self, state, timeout):
        """The messages received until one holds the line `state`, or None after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                message = self.sock.recv(4096).decode()
            except socket.timeout:
                return None
            if state in message.split("\n"):
                return message

    def close(self):
        self.sock.close()


def healthz(port, timeout=2):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as r:
            return r.status
    except OSError:
        return None


def wait_healthz(port, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if healthz(port) == 200:
            return True
        time.sleep(0.3)
    return False


def serve(binary, data_dir, port, log_path, extra=(), env=None, prefix=()):
    """`disklessd serve --http-only` on 127.0.0.1:port (prefix: setpriv, prlimit …), output to log_path."""
    argv = list(prefix) + [binary, "serve", "--data-dir", data_dir, "--host", "127.0.0.1", "--port", str(port),
                           "--web-root", "", *extra]
    environment = dict(os.environ)
    environment.pop("NOTIFY_SOCKET", None)
    environment.update(env or {})
    log = open(log_path, "ab")
    return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=environment, start_new_session=True)


def stop(process, timeout=20):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def cpu_seconds(pid):
    """utime + stime of every thread of `pid`, in seconds (/proc/<pid>/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def listening(port):
    """Whether a TCP listener is on 127.0.0.1:port (in this network namespace), from /proc/net/tcp."""
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.split(":")[1], 16) == port:
                return True
    return False
