import CLVM2
import Domain
import Foundation

/// Runs LVM commands in-process through liblvm2cmd (`lvm2_init`, `lvm2_run`, `lvm2_exit`).
///
/// liblvm2cmd is not thread-safe and keeps global state (its log callback is a plain C function
/// pointer without a context argument), so ONE actor owns the handle and runs every command in
/// turn; the callback appends to a buffer that only the running command uses.
public actor LiblvmCommandRunner: LVMCommandRunner {
    // Only touched inside the actor, and by deinit when nothing else can reach it.
    nonisolated(unsafe) private var handle: UnsafeMutableRawPointer?
    /// Options added after every command name, e.g. `["--driverloaded", "n"]` on a host without
    /// device-mapper (metadata-only checks).
    public let extraOptions: [String]

    public init(extraOptions: [String] = []) {
        self.extraOptions = extraOptions
    }

    public func run(_ argv: [String]) async throws -> LVMResult {
        guard let command = argv.first else { throw DriverError.invalid("empty lvm command") }
        let args = [command] + extraOptions + argv.dropFirst()
        // lvm2_run takes one command line and splits it on white space itself (honouring quotes).
        // Every argument is built from validated names and numbers; refuse anything that could
        // split or quote, so no user text can add an argument.
        for arg in args where arg.isEmpty || arg.contains(where: { $0.isWhitespace || "\"'\\".contains($0) }) {
            throw DriverError.invalid("lvm argument \(String(reflecting: arg)) contains white space or quotes")
        }
        if handle == nil {
            LVMLog.install()
            handle = lvm2_init()
            guard handle != nil else { throw DriverError.unavailable("lvm2_init failed: liblvm2cmd cannot start") }
        }
        LVMLog.reset()
        let code = lvm2_run(handle, args.joined(separator: " "))
        let (output, errors) = LVMLog.take()
        return LVMResult(code: code, output: output, errors: errors)
    }

    deinit {
        if let handle { lvm2_exit(handle) }
    }
}

/// The buffer liblvm2cmd's log callback writes to (C callbacks cannot capture context).
enum LVMLog {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var output: [String] = []
    nonisolated(unsafe) private static var errors: [String] = []

    static func install() {
        lvm2_log_fn { level, _, _, _, message in
            guard let message else { return }
            LVMLog.append(level: level, String(cString: message))
        }
    }

    static func append(level: Int32, _ message: String) {
        lock.withLock {
            switch level {
            case 4: output.append(message)                 // LVM2_LOG_PRINT: report output
            case 2, 3: errors.append(message)              // LVM2_LOG_FATAL, LVM2_LOG_ERROR
            default: break                                 // verbose and debug chatter
            }
        }
    }

    static func reset() { lock.withLock { output = []; errors = [] } }

    static func take() -> (String, String) {
        lock.withLock { (output.joined(separator: "\n"), errors.joined(separator: "\n")) }
    }
}
