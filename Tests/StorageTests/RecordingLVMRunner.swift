import Foundation
@testable import Storage

/// A fake liblvm2cmd for command-sequence tests (this host's kernel has no device-mapper, so thin
/// snapshots cannot run here; the guest tier runs the real runner). Records every argv and answers
/// `lvs`/`vgs` with a JSON report built from the volumes it pretends to hold.
final class RecordingLVMRunner: LVMCommandRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var _commands: [[String]] = []
    /// name → (size bytes, attr)
    var volumes: [String: (Int64, String)]
    /// name → origin, for snapshots made through `lvcreate -s`.
    private var origins: [String: String] = [:]
    private var _refuseActivation = false
    /// Activation fails, as on a damaged thin pool.
    var refuseActivation: Bool {
        get { lock.withLock { _refuseActivation } }
        set { lock.withLock { _refuseActivation = newValue } }
    }

    init(volumes: [String: (Int64, String)] = [:]) { self.volumes = volumes }

    var lines: [String] { lock.withLock { _commands.map { $0.joined(separator: " ") } } }
    /// Commands that change something (no reports).
    var changes: [String] { lines.filter { !$0.hasPrefix("lvs ") && !$0.hasPrefix("vgs ") } }

    /// What a reboot leaves: every thin snapshot (activation-skip flag) inactive.
    func deactivateSnapshots() {
        lock.withLock {
            for (name, (size, attr)) in volumes where attr.hasPrefix("V") && name.range(of: "_work") == nil {
                var a = Array(attr); a[4] = "-"; a[9] = "k"; volumes[name] = (size, String(a))
            }
        }
    }

    /// Forgets the commands recorded so far.
    func clear() { lock.withLock { _commands = [] } }

    func run(_ argv: [String]) async throws -> LVMResult {
        lock.withLock {
            _commands.append(argv)
            switch argv.first {
            case "lvs" where argv.last?.contains("/") == true:
                return LVMResult(code: 1, output: #"{"report": [{"lv": [{"lv_name":"pool", "lv_size":"10737418240", "data_percent":"25.00"}]}]}"#)
            case "lvs":
                let rows = volumes.sorted { $0.key < $1.key }.map { name, v in
                    #"{"lv_name":"\#(name)", "lv_size":"\#(v.0)", "lv_attr":"\#(v.1)", "origin":"\#(origins[name] ?? "")", "data_percent":"50.00", "pool_lv":"pool"}"#
                }
                return LVMResult(code: 1, output: "  Reading all physical volumes.\n" + #"{"report": [{"lv": ["# + rows.joined(separator: ",") + "]}]}")
            case "vgs":
                return LVMResult(code: 1, output: #"{"report": [{"vg": [{"vg_name":"vg0", "vg_size":"21474836480", "vg_free":"1073741824"}]}]}"#)
            case "lvcreate":
                // Size: -V/-L <n>M, or the origin's for a thin snapshot.
                let origin = String(argv.last?.split(separator: "/").last ?? "")
                let size = argv.firstIndex { $0 == "-V" || $0 == "-L" }.flatMap { Int64(argv[$0 + 1].dropLast()) }.map { $0 << 20 }
                    ?? volumes[origin]?.0 ?? 8 << 20
                if let i = argv.firstIndex(of: "-n") {
                    volumes[argv[i + 1]] = (size, argv.contains("-pr") ? "Vri-a-tz--" : "Vwi-a-tz--")
                    if argv.contains("-s") { origins[argv[i + 1]] = origin }
                }
                return LVMResult(code: 1)
            case "lvchange" where _refuseActivation:
                return LVMResult(code: 5, errors: "  Check of pool vg0/pool failed (status:1). Manual repair required!")
            case "lvchange" where argv.contains("-ay"):
                // Activation: the state letter (lv_attr[4]) becomes 'a'.
                let name = String(argv.last?.split(separator: "/").last ?? "")
                if let (size, attr) = volumes[name] {
                    var a = Array(attr); a[4] = "a"; volumes[name] = (size, String(a))
                }
                return LVMResult(code: 1)
            case "lvremove":
                volumes[String(argv.last?.split(separator: "/").last ?? "")] = nil
                origins[String(argv.last?.split(separator: "/").last ?? "")] = nil
                return LVMResult(code: 1)
            default:
                return LVMResult(code: 1)
            }
        }
    }
}
