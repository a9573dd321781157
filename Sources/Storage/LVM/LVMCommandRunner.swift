/// What one LVM command produced: the return code of `lvm2_run` and the messages it logged.
public struct LVMResult: Sendable, Hashable {
    /// `LVM2_COMMAND_SUCCEEDED` (1) on success.
    public var code: Int32
    /// Report output (log level PRINT), one message per line: the JSON of `--reportformat json`.
    public var output: String
    /// Error and fatal messages.
    public var errors: String

    public init(code: Int32, output: String = "", errors: String = "") {
        self.code = code
        self.output = output
        self.errors = errors
    }

    public var succeeded: Bool { code == 1 }
}

/// Runs one LVM command given as an argument vector (`["lvcreate", "-n", "x", "vg"]`). The real
/// runner is `LiblvmCommandRunner`; unit tests inject a recorder and compare the exact sequence.
public protocol LVMCommandRunner: Sendable {
    func run(_ argv: [String]) async throws -> LVMResult
}
