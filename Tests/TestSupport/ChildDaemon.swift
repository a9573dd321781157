import Foundation
import Glibc
import ProcessSpawn

/// A long-running child a test starts and stops (tgtd, `disklessd target`, a fake service,
/// qemu-io holding a session), through `Spawn.start` (posix_spawn) rather than Foundation's
/// `Process`, whose `run()` crashed a unit run (see `ChildProcess.runBlocking`). It leads a
/// process group of its own and is reaped here, once.
public final class ChildDaemon: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `argv` (argv[0] an absolute path). Its stdout and stderr are appended to `logPath`
    /// (nil: /dev/null) unless `stdout` names a descriptor for stdout (stderr then goes to the
    /// log); stdin is `stdin` (nil: /dev/null).
    public init(_ argv: [String], logPath: String? = nil, stdin: Int32? = nil, stdout: Int32? = nil) throws {
        let log = logPath.map { open($0, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
            ?? open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard log >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logPath ?? "/dev/null"]) }
        defer { close(log) }
        pid = try Spawn.start(argv, stdin: stdin, stdout: stdout ?? log, stderr: log)
    }

    /// A child still running when its last holder lets go is killed and reaped by pid (a thread
    /// must not keep `self` past deinit).
    deinit {
        guard isRunning else { return }
        let pid = self.pid
        _ = Glibc.kill(pid, SIGKILL)
        Thread.detachNewThread {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        }
    }

    /// The exit status once it has ended (128 + the signal's number when killed), else nil.
    /// Reaps it without waiting.
    public var status: Int32? {
        lock.withLock {
            if exitStatus == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid { exitStatus = Self.decode(raw) }
            }
            return exitStatus
        }
    }

    public var isRunning: Bool { status == nil }

    /// Sends `signal` while it runs.
    public func signal(_ signal: Int32) {
        if isRunning { _ = Glibc.kill(pid, signal) }
    }

    /// SIGKILL, then reaps it on a thread of its own (never blocking the caller).
    public func kill() {
        guard isRunning else { return }
        _ = Glibc.kill(pid, SIGKILL)
        Thread.detachNewThread { [self] in _ = waitBlocking() }
    }

    /// Waits for the end, blocking the calling thread (use `wait()` from async code).
    @discardableResult
    public func waitBlocking() -> Int32 {
        if let done = status { return done }
        var raw: Int32 = 0
        while true {
            let r = waitpid(pid, &raw, 0)
            if r == pid { break }
            if r < 0 && errno != EINTR { return lock.withLock { exitStatus } ?? -1 }  // reaped by another waiter
        }
        return lock.withLock {
            if exitStatus == nil { exitStatus = Self.decode(raw) }
            return exitStatus!
        }
    }

    /// Waits for the end off the cooperative pool.
    @discardableResult
    public func wait() async -> Int32 {
        await offPool { self.waitBlocking() }
    }

    static func decode(_ raw: Int32) -> Int32 {
        raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
    }
}
