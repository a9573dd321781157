import Dispatch
import Domain
import Foundation

/// Runs commands with Foundation `Process` (`executableURL` + `arguments`, no shell), bounded in time.
public struct ProcessCommandRunner: CommandRunner {
    public var timeoutSeconds: Double

    public init(timeoutSeconds: Double = 30) {
        self.timeoutSeconds = timeoutSeconds
    }

    public func run(_ argv: [String]) async throws -> CommandResult {
        guard let program = argv.first, program.hasPrefix("/") else {
            throw DriverError.invalid("command must start with an absolute program path, got \(argv.first ?? "nothing")")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(argv.dropFirst())
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let timeout = timeoutSeconds
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: DriverError.unavailable("cannot run \(program): \(error)"))
                    return
                }
                // Read both pipes while the process runs so a full pipe never blocks it.
                let group = DispatchGroup()
                let box = OutputBox()
                group.enter()
                DispatchQueue.global().async {
                    box.setOut(out.fileHandleForReading.readDataToEndOfFile())
                    group.leave()
                }
                group.enter()
                DispatchQueue.global().async {
                    box.setErr(err.fileHandleForReading.readDataToEndOfFile())
                    group.leave()
                }
                let timer = DispatchWorkItem { if process.isRunning { box.markTimedOut(); process.terminate() } }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
                process.waitUntilExit()
                timer.cancel()
                group.wait()
                if box.timedOut {
                    continuation.resume(throwing: DriverError.timedOut("\(program) after \(Int(timeout)) s"))
                    return
                }
                continuation.resume(returning: CommandResult(status: process.terminationStatus,
                                                             stdout: String(decoding: box.out, as: UTF8.self),
                                                             stderr: String(decoding: box.err, as: UTF8.self)))
            }
        }
    }
}

/// Collects the two pipes' bytes from two reader threads.
private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _out = Data(), _err = Data(), _timedOut = false
    var out: Data { lock.withLock { _out } }
    var err: Data { lock.withLock { _err } }
    var timedOut: Bool { lock.withLock { _timedOut } }
    func setOut(_ d: Data) { lock.withLock { _out = d } }
    func setErr(_ d: Data) { lock.withLock { _err = d } }
    func markTimedOut() { lock.withLock { _timedOut = true } }
}
