import Domain
import Foundation
import ProcessSpawn
import Testing
@testable import ISCSITargets

/// The runner every tgtadm call goes through, with real child processes.
@Suite struct ProcessCommandRunnerTests {
    let runner = ProcessCommandRunner(timeoutSeconds: 10)

    @Test func collectsStdoutStderrAndTheExitStatus() async throws {
        let ok = try await runner.run(["/usr/bin/printf", "%s|", "a b", "c"])
        #expect(ok == CommandResult(status: 0, stdout: "a b|c|", stderr: ""))
        let bad = try await runner.run(["/bin/ls", "/nonexistent-disklessd-path"])
        #expect(bad.status != 0 && bad.stdout.isEmpty && bad.stderr.contains("nonexistent-disklessd-path"))
    }

    @Test func aRelativeOrMissingProgramIsRefused() async throws {
        await #expect(throws: DriverError.self) { try await runner.run(["tgtadm", "--help"]) }
        await #expect(throws: DriverError.self) { try await runner.run(["/nonexistent/tgtadm"]) }
    }

    /// The pipes of a finished command are closed when `run` returns: before, they lived as long
    /// as the Process (kept 30 s by its timeout timer), and 500 provisioned machines left 4,000
    /// descriptors open, which every later spawn had to walk through.
    @Test func finishedCommandsLeaveNoDescriptorsOpen() async throws {
        func open() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count }
        _ = try await runner.run(["/bin/true"])  // warm-up: the runtime's own first descriptors
        // Three rounds of 200: a leak (two descriptors per command) grows the count by 400 every
        // round; tests running beside this one open and close theirs, so one round can be noisy,
        // not all three.
        var growths: [Int] = []
        for _ in 0 ..< 3 {
            let before = try open()
            for _ in 0 ..< 200 { _ = try await runner.run(["/usr/bin/printf", "x"]) }
            growths.append(try open() - before)
        }
        #expect(growths.min()! < 300, "descriptors more after each 200 commands: \(growths)")
    }

    @Test func aCommandThatOutlivesTheTimeoutIsKilled() async throws {
        let quick = ProcessCommandRunner(timeoutSeconds: 0.3)
        await #expect(throws: DriverError.self) { try await quick.run(["/bin/sleep", "20"]) }
    }
}

/// The per-call limit and environment every caller (tgtadm, ipmitool, the reload command) passes.
@Suite struct ProcessCommandRunnerCallOptionsTests {
    @Test func aCallsOwnTimeoutOverridesTheRunners() async throws {
        let patient = ProcessCommandRunner(timeoutSeconds: 60)
        await #expect(throws: DriverError.self) {
            try await patient.run(["/bin/sleep", "20"], environment: [:], timeoutSeconds: 0.3)
        }
    }

    @Test func addedVariablesReachTheChildBesideTheInheritedOnes() async throws {
        let result = try await ProcessCommandRunner().run(["/usr/bin/env"], environment: ["DISKLESSD_TEST_VAR": "a b;$(x)"],
                                                          timeoutSeconds: nil)
        #expect(result.status == 0)
        #expect(result.stdout.contains("DISKLESSD_TEST_VAR=a b;$(x)\n"))
        #expect(result.stdout.contains("PATH="))
    }
}
