import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One child process, start to finish, on the calling thread (blocking: call it from a thread of
/// its own, as `ProcessCommandRunner` does, or from a synchronous command-line probe): `posix_spawn` with an argument
/// vector (no shell), stdout and stderr through pipes read with `poll`, `waitpid`. About 1 ms per
/// tgtadm call here, where Foundation's `Process` took several (thread hops, a run-loop wait).
///
/// The child is started by `spawnChild` (Spawn+child.swift): stdin on /dev/null, no descriptor
/// but 0, 1 and 2, an empty signal mask and default handlers.
public enum Spawn {
    /// Runs `argv` (argv[0] an absolute path) with `environment` added to this process's, in
    /// `directory` (nil: this process's); SIGKILL after `timeout` seconds. With `mergingStderr`
    /// the child's stderr goes into the same pipe as its stdout (in the order written), and the
    /// result's `stderr` is empty.
    public static func run(_ argv: [String], environment: [String: String] = [:], directory: String? = nil,
                           mergingStderr: Bool = false, timeout: Double) throws(DriverError) -> CommandResult {
        let raw = try runBytes(argv, environment: environment, directory: directory, mergingStderr: mergingStderr,
                               timeout: timeout)
        return CommandResult(status: raw.status, stdout: String(decoding: raw.stdout, as: UTF8.self),
                             stderr: String(decoding: raw.stderr, as: UTF8.self))
    }

    /// `run` with the output as the bytes written (a tool whose output is not text).
    public static func runBytes(_ argv: [String], environment: [String: String] = [:], directory: String? = nil,
                                mergingStderr: Bool = false,
                                timeout: Double) throws(DriverError) -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw .unavailable("cannot make a pipe: errno \(errno)") }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw .unavailable("cannot make a pipe: errno \(errno)")
        }
        // Close-on-exec (Swift's Glibc has no pipe2): no other child keeps these pipes open.
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var readEnds = [outPipe[0], errPipe[0]]
        defer { for fd in readEnds where fd >= 0 { close(fd) } }

        let spawned = Result { () throws(DriverError) -> pid_t in
            try spawnChild(argv, environment: environment, stdout: outPipe[1],
                           stderr: mergingStderr ? outPipe[1] : errPipe[1], directory: directory)
        }
        close(outPipe[1])
        close(errPipe[1])
        let pid = try spawned.get()

        // Drain both pipes until EOF (a full pipe would block the child), bounded by the timeout.
        var output: [[UInt8]] = [[], []]
        var timedOut = false
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(timeout, 0) * 1e9)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while readEnds.contains(where: { $0 >= 0 }) {
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= deadline, !timedOut {
                timedOut = true
                kill(pid, SIGKILL)  // its pipes close with it
            }
            // A grandchild could hold a pipe open after the kill: stop reading 2 s later.
            if timedOut, now >= deadline + 2_000_000_000 { break }
            let wait = timedOut ? 1000 : Int32(min((deadline - min(now, deadline)) / 1_000_000 + 1, 1000))
            var fds = readEnds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { break }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    output[i] += buffer[0 ..< n]
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(readEnds[i])
                    readEnds[i] = -1
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut { throw .timedOut("\(argv[0]) after \(Int(timeout)) s") }
        // Exited: the status byte; killed by a signal: 128 + its number, as a shell reports it.
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, output[0], output[1])
    }

    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does
    /// not declare: looked up by name, skipped when absent (the server opens its own descriptors
    /// close-on-exec).
    static let closeFrom: CloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0),
                                                     "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    /// glibc ≥ 2.29's `posix_spawn_file_actions_addchdir_np` (not declared by Swift's Glibc
    /// module either): the child's working directory, set between fork and exec.
    static let addChdir: AddChdir? = dlsym(UnsafeMutableRawPointer(bitPattern: 0),
                                           "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }

    static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom { _ = closeFrom(&actions, 3) }
    }
}
