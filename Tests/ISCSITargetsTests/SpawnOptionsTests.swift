import Domain
import Foundation
import Glibc
import ProcessSpawn
import TestSupport
import Testing

/// The options tests use to run tools and daemons through `Spawn` instead of Foundation's
/// `Process`: a working directory, stderr merged into stdout, chosen standard descriptors.
@Suite struct SpawnOptionsTests {
    @Test func aChildRunsInTheDirectoryItIsGiven() throws {
        let dir = try makeTempDirectory("spawn-dir")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let here = try Spawn.run(["/bin/pwd"], directory: dir, timeout: 10)
        #expect(here.status == 0)
        #expect(here.stdout == URL(fileURLWithPath: dir).resolvingSymlinksInPath().path + "\n")
        #expect(try Spawn.run(["/bin/pwd"], timeout: 10).stdout == FileManager.default.currentDirectoryPath + "\n")
        #expect(throws: DriverError.self) { try Spawn.run(["/bin/pwd"], directory: dir + "/missing", timeout: 10) }
    }

    @Test func mergedStderrArrivesInTheOrderWritten() throws {
        let script = "echo one; echo two >&2; echo three"
        let merged = try Spawn.run(["/bin/sh", "-c", script], mergingStderr: true, timeout: 10)
        #expect(merged == CommandResult(status: 0, stdout: "one\ntwo\nthree\n", stderr: ""))
        let apart = try Spawn.run(["/bin/sh", "-c", script], timeout: 10)
        #expect(apart == CommandResult(status: 0, stdout: "one\nthree\n", stderr: "two\n"))
    }

    /// Output that is not UTF-8 (a zip member, a GBK file) comes back as the bytes written.
    @Test func bytesComeBackUnchanged() throws {
        let raw = try Spawn.runBytes(["/usr/bin/printf", "\\377\\376\\304\\343"], timeout: 10)
        #expect(raw.status == 0 && raw.stdout == [0xFF, 0xFE, 0xC4, 0xE3] && raw.stderr.isEmpty)
    }

    /// A daemon reads the pipe it is given as stdin, writes its log to the file, and its status
    /// is known once it has ended.
    @Test func aDaemonTalksOverTheDescriptorsItIsGiven() async throws {
        let dir = try makeTempDirectory("spawn-daemon")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = Pipe()
        let daemon = try ChildDaemon(["/bin/sh", "-c", "read line; echo \"got $line\"; echo oops >&2; exit 3"],
                                     logPath: dir + "/log", stdin: input.fileHandleForReading.fileDescriptor)
        #expect(daemon.isRunning, "it waits for its line")
        try input.fileHandleForWriting.write(contentsOf: Data("hello\n".utf8))
        #expect(await daemon.wait() == 3)
        #expect(!daemon.isRunning && daemon.status == 3)
        #expect(try String(contentsOfFile: dir + "/log", encoding: .utf8) == "got hello\noops\n")
    }

    @Test func aKilledDaemonReportsTheSignal() async throws {
        let daemon = try ChildDaemon(["/bin/sleep", "30"])
        daemon.signal(SIGTERM)
        #expect(await daemon.wait() == 128 + SIGTERM)
        daemon.kill()  // ended and reaped: nothing is sent
        #expect(daemon.status == 128 + SIGTERM)
    }
}

extension SpawnOptionsTests {
    /// A daemon let go while it runs is killed, not left behind (and its reaper does not keep
    /// the object alive past deinit, which would end the test process).
    @Test func aDaemonLetGoWhileRunningIsKilled() async throws {
        var daemon: ChildDaemon? = try ChildDaemon(["/bin/sleep", "30"])
        let pid = daemon!.pid
        #expect(daemon!.isRunning)
        daemon = nil
        var gone = false
        for _ in 0..<100 {
            // Killed and reaped: the pid no longer names a process (or names a zombie briefly).
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
            if state == nil || state == "Z" { gone = true; break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(gone, "sleep 30 (pid \(pid)) still runs after its ChildDaemon was released")
    }
}
