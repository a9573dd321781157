import BuiltinTarget
import Domain
import Foundation

/// Drives disklessd's own iSCSI target (`disklessd target`, a process of its own) over its
/// control socket: one JSON request per line on a connection the client keeps open and re-opens
/// after the target restarts (`ControlClient`). The target keeps its
/// definitions in its state file, so this driver holds no state: `listTargets` asks the target.
///
/// Machine disks are overlays (`servesOverlays`): the LUN reads the image version file (one
/// page cache for every machine) and writes to `<overlayRoot>/<overlay>--<base>.overlay` with its
/// map beside it. The base's name is in the file name, so an overlay is never read over another
/// base than the one it was written over. A reset is the target's `applyAndReset` (truncate + empty map).
public struct BuiltinTargetDriver: TargetDriver {
    public let kind = TargetDriverKind.builtin
    /// No controller LUN (tgt's LUN 0): the first disk is LUN 0, as with LIO.
    public let firstLUN = 0
    public let servesOverlays = true
    public let client: ControlClient
    /// Where overlays and their maps live and their cap (settings `iscsi.builtin`, followed live).
    public let placement: OverlayPlacement
    /// Where overlays and their maps live (an SSD, or a tmpfs for reset-on-boot machines).
    public var overlayRoot: String { placement.current.root }
    /// The most bytes one overlay may hold; nil = as large as the disk.
    public var overlayCapBytes: UInt64? { placement.current.capBytes }

    public init(client: ControlClient, overlayRoot: String, overlayCapBytes: UInt64? = nil) {
        self.init(client: client, placement: OverlayPlacement(.init(root: overlayRoot, capBytes: overlayCapBytes)))
    }

    public init(client: ControlClient, placement: OverlayPlacement) {
        self.client = client
        self.placement = placement
    }

    public func availability() async -> DriverAvailability {
        do {
            _ = try await client.send(ControlRequest(op: .list))
            return .available
        } catch {
            return .unavailable(reason: "\(error)")
        }
    }

    public func listTargets(prefix: String) async throws -> [TargetState] {
        try await status().filter { $0.iqn.hasPrefix(prefix) }.map(Self.state)
    }

    public func applyTarget(_ spec: TargetSpec) async throws {
        let definition = try definition(TargetSpecCheck.validated(spec))
        try FileManager.default.createDirectory(atPath: overlayRoot, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try await send(ControlRequest(op: .apply, target: definition))
    }

    public func removeTarget(iqn: String) async throws {
        _ = try TargetSpecCheck.iqn(iqn, field: "iqn")
        try await send(ControlRequest(op: .remove, iqn: iqn))
    }

    /// One `applyAndReset` (one round trip; the target answers it on its event loop when the
    /// spec is unchanged). A target older than that op (still running since an upgrade of
    /// `serve`) answers "malformed request": then `apply` and a `reset` per overlay LUN.
    public func resetOverlays(_ spec: TargetSpec) async throws {
        let definition = try definition(TargetSpecCheck.validated(spec))
        try FileManager.default.createDirectory(atPath: overlayRoot, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        do {
            _ = try await client.send(ControlRequest(op: .applyAndReset, target: definition))
            return
        } catch ControlClient.ClientError.refused(let why) where why.hasPrefix("malformed request") {
        } catch let error as ControlClient.ClientError {
            throw Self.driverError(error, op: .applyAndReset)
        }
        try await send(ControlRequest(op: .apply, target: definition))
        for lun in definition.luns where lun.overlay != nil {
            try await send(ControlRequest(op: .reset, iqn: spec.iqn, lun: lun.number))
        }
    }

    /// What the target is asked to export for `spec`: LUN `firstLUN + i` for disk `i`.
    func definition(_ spec: TargetSpec) -> TargetDefinition {
        let luns = spec.disks.enumerated().map { i, disk -> TargetDefinition.LUN in
            guard let overlay = disk.overlay else {
                return TargetDefinition.LUN(number: firstLUN + i, path: disk.backing.path, readOnly: disk.readOnly)
            }
            let files = overlayFiles(overlay: overlay, base: disk.volume)
            return TargetDefinition.LUN(number: firstLUN + i, base: disk.backing.path, overlay: files.overlay, map: files.map,
                                        capBytes: overlayCapBytes)
        }
        return TargetDefinition(iqn: spec.iqn, initiators: [spec.initiatorIQN],
                                chap: spec.chap, luns: luns)
    }

    /// The overlay of machine disk `overlay` over the volume `base` (both validated names).
    public func overlayFiles(overlay: String, base: String) -> (overlay: String, map: String) {
        let stem = (overlayRoot as NSString).appendingPathComponent("\(overlay)--\(base)")
        return (stem + ".overlay", stem + ".map")
    }

    func status() async throws -> [TargetStatus] {
        try await send(ControlRequest(op: .list)).targets ?? []
    }

    @discardableResult
    func send(_ request: ControlRequest) async throws -> ControlResponse {
        do { return try await client.send(request) } catch let error as ControlClient.ClientError {
            throw Self.driverError(error, op: request.op)
        }
    }

    static func driverError(_ error: ControlClient.ClientError, op: ControlRequest.Op) -> DriverError {
        switch error {
        case .refused(let why): DriverError.commandFailed(command: "target \(op.rawValue)", status: 1, output: why)
        case .unreachable, .noAnswer: DriverError.unavailable("\(error)")
        }
    }

    static func state(_ status: TargetStatus) -> TargetState {
        TargetState(iqn: status.iqn, luns: status.luns.map { .init(number: $0.number, path: $0.path) },
                    initiators: status.initiators, chap: status.chap,
                    sessions: status.sessions.map { .init(initiator: $0.initiator, address: $0.address) },
                    overlayBytes: status.luns.contains { $0.overlayBytes != nil }
                        ? Int64(clamping: status.luns.compactMap(\.overlayBytes).reduce(0, +)) : nil)
    }
}
