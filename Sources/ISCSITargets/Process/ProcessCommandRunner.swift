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
        let outRead = out.fileHandleForReading, errRead = err.fileHandleForReading
        return try await withCheckedThrowingContinuation { continuation in
            // The exit is awaited with `terminationHandler`, not `waitUntilExit()`: on a thread
            // without a run loop source, that spins until the child exits, taking a core from it
            // (each tgtadm call cost ~9 ms here instead of ~1 ms).
            let group = DispatchGroup()
            let box = OutputBox()
            group.enter()
            process.terminationHandler = { _ in group.leave() }
            do {
                try process.run()
            } catch {
                try? outRead.close()
                try? errRead.close()
                continuation.resume(throwing: DriverError.unavailable("cannot run \(program): \(error)"))
                return
            }
            // Read both pipes while the process runs so a full pipe never blocks it; close them
            // at once (a pipe kept until the Process is freed holds two descriptors per call).
            for (handle, store) in [(outRead, box.setOut), (errRead, box.setErr)] as [(FileHandle, @Sendable (Data) -> Void)] {
                group.enter()
                DispatchQueue.global().async {
                    store(handle.readDataToEndOfFile())
                    try? handle.close()
                    group.leave()
                }
            }
            // SIGKILL, not terminate()'s SIGTERM: a child spawned from a thread that blocks
            // SIGTERM (the server's signal handling does) inherits the mask and would not die.
            let timer = DispatchWorkItem { [weak process] in
                if let process, process.isRunning { box.markTimedOut(); kill(process.processIdentifier, SIGKILL) }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
            group.notify(queue: .global()) {
                timer.cancel()
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
