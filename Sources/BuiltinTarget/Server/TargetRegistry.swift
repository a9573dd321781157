import NIOConcurrencyHelpers
import NIOCore

/// One exported target: who may log in, its LUNs, and the sessions logged in now.
public final class ExportedTarget: Sendable {
    public let access: TargetAccess
    public let units: [Int: LogicalUnit]
    let sessions = NIOLockedValueBox<[Int: SessionRecord]>([:])

    public init(access: TargetAccess, units: [LogicalUnit]) {
        self.access = access
        self.units = Dictionary(units.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public var lunNumbers: [Int] { units.keys.sorted() }

    public var sessionList: [SessionRecord] { sessions.withLockedValue { Array($0.values) }.sorted { $0.id < $1.id } }

    /// Ends every session (their connections close).
    public func dropSessions() {
        let channels = sessions.withLockedValue { s in s.values.map(\.channel) }
        for channel in channels { channel.close(promise: nil) }
    }
}

/// A logged-in session: who, from where, and what it moved.
public struct SessionRecord: Sendable {
    public var id: Int
    public var initiator: String
    public var address: String?
    public let channel: any Channel
    public let counters: SessionCounters
}

public final class SessionCounters: Sendable {
    let box = NIOLockedValueBox((commands: UInt64(0), readBytes: UInt64(0), writtenBytes: UInt64(0)))

    public init() {}

    public var snapshot: (commands: UInt64, readBytes: UInt64, writtenBytes: UInt64) { box.withLockedValue { $0 } }

    func count(read: Int = 0, written: Int = 0) {
        box.withLockedValue { $0.commands += 1; $0.readBytes += UInt64(read); $0.writtenBytes += UInt64(written) }
    }
}

/// Every target the process exports, looked up by name on each login. Replacing a target keeps
/// its sessions running only if the caller says so; the control socket drops them when LUNs change.
public final class TargetRegistry: Sendable {
    let targets = NIOLockedValueBox<[String: ExportedTarget]>([:])
    let nextSession = NIOLockedValueBox(1)

    public init() {}

    public func target(_ iqn: String) -> ExportedTarget? { targets.withLockedValue { $0[iqn] } }

    public var all: [ExportedTarget] { targets.withLockedValue { Array($0.values) }.sorted { $0.access.iqn < $1.access.iqn } }

    /// Puts `target` in place of any target of the same name; returns the one it replaced.
    @discardableResult
    public func put(_ target: ExportedTarget) -> ExportedTarget? {
        targets.withLockedValue { t in
            let old = t[target.access.iqn]
            t[target.access.iqn] = target
            return old
        }
    }

    @discardableResult
    public func remove(_ iqn: String) -> ExportedTarget? {
        targets.withLockedValue { $0.removeValue(forKey: iqn) }
    }

    func newSessionID() -> Int { nextSession.withLockedValue { n in defer { n += 1 }; return n } }
}
