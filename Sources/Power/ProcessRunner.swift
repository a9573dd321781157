import Domain
import Foundation

/// `CommandRunner` over Foundation `Process`: `executableURL` + `arguments`, stdout and stderr
/// merged, terminated (then killed) after the timeout.
public struct ProcessRunner: CommandRunner {
    public init() {}

    public func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    timeoutSeconds: Int) async throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DriverError.unavailable("cannot run \(executable): \(error.localizedDescription)")
        }
        // Read while it runs so a chatty child never blocks on a full pipe. The blocking read gets
        // its own thread: the cooperative pool has one thread per core and must not be held.
        let handle = pipe.fileHandleForReading
        let reader = Task {
            await withCheckedContinuation { (c: CheckedContinuation<Data, Never>) in
                Thread.detachNewThread { c.resume(returning: handle.readDataToEndOfFile()) }
            }
        }
        let deadline = ContinuousClock.now + .seconds(max(1, timeoutSeconds))
        // Polling keeps this simple and bounded; power commands take seconds, 50 ms is noise.
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            let killAt = ContinuousClock.now + .seconds(2)
            while process.isRunning && ContinuousClock.now < killAt { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let output = String(decoding: await reader.value, as: UTF8.self)
        if timedOut {
            throw DriverError.timedOut("\(executable) did not finish within \(timeoutSeconds) s")
        }
        return CommandResult(status: process.terminationStatus, output: output)
    }
}
