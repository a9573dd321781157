import Domain
import ProcessSpawn

/// Exports volumes through the user-space tgt target (`tgtd`), driven with `tgtadm` argument vectors.
/// Works in containers and VMs where the kernel has no LIO.
///
/// tgt numbers targets with a `tid` it does not allocate itself: the driver picks the smallest free
/// one from `--op show`. LUN 0 of every tgt target is its SCSI controller (created by tgtd, not a
/// disk), so disks start at LUN 1.
public struct TgtTargetDriver: TargetDriver {
    public let kind = TargetDriverKind.tgt
    public let firstLUN = 1

    /// `tgtadm`'s path.
    public var tgtadm: String
    /// tgtd's control port (`-C`): several tgtd instances can run on one host.
    public var controlPort: Int?
    let runner: any CommandRunner
    /// The tid of each target, from the last show and this driver's own changes.
    let tids = TgtTIDMemory()

    public init(tgtadm: String = "/usr/sbin/tgtadm", controlPort: Int? = nil, runner: any CommandRunner = ProcessCommandRunner()) {
        self.tgtadm = tgtadm
        self.controlPort = controlPort
        self.runner = runner
    }

    /// `tgtadm [-C port] --lld iscsi` followed by `args`.
    func command(_ args: [String]) -> [String] {
        var argv = [tgtadm]
        if let controlPort { argv += ["-C", String(controlPort)] }
        return argv + ["--lld", "iscsi"] + args
    }

    /// Runs one tgtadm command; a non-zero status becomes `DriverError.commandFailed`.
    @discardableResult
    func tgtadm(_ args: [String]) async throws -> String {
        let argv = command(args)
        let result = try await runner.run(argv)
        guard result.status == 0 else {
            throw DriverError.commandFailed(command: Self.shown(argv), status: result.status,
                                            output: result.stderr.isEmpty ? result.stdout : result.stderr)
        }
        return result.stdout
    }

    /// A command line for errors and logs: the CHAP secret after `--password` is masked (tgtadm
    /// takes it on its argv, briefly visible in `ps`; it must not stay in logs and events too).
    static func shown(_ argv: [String]) -> String {
        zip(argv.indices, argv).map { i, arg in i > 0 && argv[i - 1] == "--password" ? "***" : arg }.joined(separator: " ")
    }

    /// Every target tgtd holds, parsed.
    func show() async throws -> TgtShowOutput {
        let mark = tids.mark()
        let output = TgtShowOutput(parsing: try await tgtadm(["--op", "show", "--mode", "target"]))
        tids.learn(output, since: mark)
        return output
    }

    public func availability() async -> DriverAvailability {
        do {
            _ = try await show()
            return .available
        } catch {
            return .unavailable(reason: "tgtd does not answer tgtadm\(controlPort.map { " on control port \($0)" } ?? ""): \(error)")
        }
    }

    public func listTargets(prefix: String) async throws -> [TargetState] {
        try await show().targets.filter { $0.iqn.hasPrefix(prefix) }.map { target in
            TargetState(iqn: target.iqn,
                        luns: target.luns.keys.sorted().map { TargetState.LUN(number: $0, path: target.luns[$0] ?? "") },
                        initiators: target.acls,
                        chap: !target.accounts.isEmpty,
                        sessions: target.connections.map { TargetState.Session(initiator: $0.initiator, address: $0.address) })
        }
    }
}
