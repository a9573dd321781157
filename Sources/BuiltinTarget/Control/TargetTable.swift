import Domain
import Foundation
import Logging

/// The data plane's targets: applies definitions (opening their disks), answers the control
/// socket, and keeps the definitions in a state file so a restarted `disklessd target` exports
/// the same targets and initiators can log in again.
public actor TargetTable {
    public let registry: TargetRegistry
    /// The definitions, also read by the control connections' event loops (`answerAtOnce`).
    public nonisolated let book: TargetBook
    let stateFile: String?
    let logger: Logger

    public init(registry: TargetRegistry, stateFile: String?, logger: Logger) {
        self.registry = registry
        self.stateFile = stateFile
        self.logger = logger
        book = TargetBook(registry: registry, logger: logger)
    }

    var definitions: [String: TargetDefinition] { book.state.withLock { $0.definitions } }

    /// Loads the state file (a missing one is an empty table); a target that cannot be opened
    /// now is logged and kept in the file, to be retried by the next apply.
    public func restore() {
        guard let stateFile, let data = FileManager.default.contents(atPath: stateFile) else { return }
        guard let saved = try? JSONDecoder().decode([TargetDefinition].self, from: data) else {
            logger.error("target: state file is unreadable, starting empty", metadata: ["file": "\(stateFile)"])
            return
        }
        for definition in saved {
            book.state.withLock { $0.definitions[definition.iqn] = definition }
            do {
                registry.put(try Self.open(definition))
            } catch {
                logger.error("target: cannot restore a target", metadata: ["iqn": "\(definition.iqn)", "error": "\(error)"])
            }
        }
        logger.notice("target: restored targets", metadata: ["count": "\(registry.all.count)"])
    }

    public func handle(_ request: ControlRequest) -> ControlResponse {
        do {
            switch request.op {
            case .apply:
                guard let target = request.target else { throw ControlError.invalid("apply needs a target") }
                let definition = try target.validate()
                try book.whileBusy(definition.iqn) { try apply(definition) }
                return ControlResponse(ok: true)
            case .applyAndReset:
                guard let target = request.target else { throw ControlError.invalid("applyAndReset needs a target") }
                let definition = try target.validate()
                try book.whileBusy(definition.iqn) {
                    try apply(definition)
                    for lun in TargetBook.overlayLUNs(definition) { try reset(iqn: definition.iqn, lun: lun) }
                }
                return ControlResponse(ok: true)
            case .remove:
                guard let iqn = request.iqn else { throw ControlError.invalid("remove needs an iqn") }
                try book.whileBusy(iqn) { try remove(iqn) }
                return ControlResponse(ok: true)
            case .reset:
                guard let iqn = request.iqn, let lun = request.lun else { throw ControlError.invalid("reset needs an iqn and a lun") }
                try book.whileBusy(iqn) { try reset(iqn: iqn, lun: lun) }
                return ControlResponse(ok: true)
            case .list:
                return ControlResponse(ok: true, targets: status())
            }
        } catch {
            return ControlResponse(ok: false, error: "\(error)")
        }
    }

    /// Exports `definition`; an unchanged target keeps its sessions, a changed one drops them.
    /// Called with the target marked busy.
    func apply(_ definition: TargetDefinition) throws {
        let current = definitions
        if current[definition.iqn] == definition, registry.target(definition.iqn) != nil { return }
        if let why = ExclusiveWriter.conflict(definition, others: Array(current.values)) { throw ControlError.invalid(why) }
        let target = try Self.open(definition)
        book.state.withLock { $0.definitions[definition.iqn] = definition }
        try save()
        registry.put(target)?.dropSessions()
        logger.info("target: applied", metadata: ["iqn": "\(definition.iqn)", "luns": "\(definition.luns.count)"])
    }

    /// Called with the target marked busy.
    func remove(_ iqn: String) throws {
        let removed = book.state.withLock { $0.definitions.removeValue(forKey: iqn) }
        guard removed != nil || registry.target(iqn) != nil else { return }
        try save()
        registry.remove(iqn)?.dropSessions()
        logger.info("target: removed", metadata: ["iqn": "\(iqn)"])
    }

    /// Drops a LUN's overlay: the target's sessions end first, so no initiator sees it change under it.
    /// Called with the target marked busy (so no reset on an event loop overlaps it).
    func reset(iqn: String, lun: Int) throws {
        guard let target = registry.target(iqn) else { throw ControlError.notFound("no target \(iqn)") }
        guard let unit = target.units[lun] else { throw ControlError.notFound("target \(iqn) has no LUN \(lun)") }
        guard let overlay = unit.device as? OverlayDisk else { throw ControlError.invalid("LUN \(lun) of \(iqn) has no overlay to reset") }
        target.dropSessions()
        try overlay.reset()
        logger.info("target: overlay reset", metadata: ["iqn": "\(iqn)", "lun": "\(lun)"])
    }

    func status() -> [TargetStatus] {
        registry.all.map { target in
            TargetStatus(
                iqn: target.access.iqn, initiators: target.access.initiators, chap: target.access.chap != nil,
                luns: target.lunNumbers.map { n in
                    let device = target.units[n]!.device
                    if let overlay = device as? OverlayDisk {
                        return .init(number: n, path: overlay.basePath, overlay: overlay.overlayPath, map: overlay.mapPath,
                                     overlayBytes: overlay.overlayBytes)
                    }
                    return .init(number: n, path: (device as? FileDisk)?.path ?? "", overlayBytes: nil)
                },
                sessions: target.sessionList.map { s in
                    let c = s.counters.snapshot
                    return .init(initiator: s.initiator, address: s.address, commands: c.commands, readBytes: c.readBytes, writtenBytes: c.writtenBytes)
                })
        }
    }

    static func open(_ definition: TargetDefinition) throws -> ExportedTarget {
        let units = try definition.luns.map { lun -> LogicalUnit in
            let device: any BlockDevice
            if let path = lun.path {
                device = try FileDisk(path: path, readOnly: lun.readOnly ?? false)
            } else {
                device = try OverlayDisk(base: lun.base!, overlay: lun.overlay!, map: lun.map!, capBytes: lun.capBytes)
            }
            return LogicalUnit(number: lun.number, device: device, identity: definition.iqn)
        }
        let access = TargetAccess(iqn: definition.iqn, initiators: definition.initiators, chap: definition.chap, mutualChap: definition.mutualChap)
        return ExportedTarget(access: access, units: units)
    }

    /// Writes every definition to the state file atomically (temp file, fsync, rename).
    func save() throws {
        guard let stateFile else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(definitions.values.sorted { $0.iqn < $1.iqn })   // only the actor changes them
        let temp = stateFile + ".tmp.\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw ControlError.invalid("cannot write \(temp)")
        }
        let fd = Glibc.open(temp, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(temp, stateFile) == 0 else { throw ControlError.invalid("cannot rename \(temp): errno \(errno)") }
    }
}
