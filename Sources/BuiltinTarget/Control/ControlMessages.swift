import Domain

/// What `serve` asks the data plane over the control socket: one JSON object per line each way.
/// The protocol grows by ops: a target that does not know an op answers `ok: false` with
/// "malformed request…", so a client can fall back to older ops (`BuiltinTargetDriver`).
public struct ControlRequest: Codable, Sendable, Hashable {
    public enum Op: String, Codable, Sendable {
        case apply, remove, list, reset
        /// `apply` (nothing when unchanged), then `reset` of every overlay LUN of the target: a
        /// machine's reset in one round trip. A spec that fails resets nothing.
        case applyAndReset
    }

    public var op: Op
    public var target: TargetDefinition?
    public var iqn: String?
    public var lun: Int?

    public init(op: Op, target: TargetDefinition? = nil, iqn: String? = nil, lun: Int? = nil) {
        self.op = op
        self.target = target
        self.iqn = iqn
        self.lun = lun
    }
}

public struct ControlResponse: Codable, Sendable, Hashable {
    public var ok: Bool
    public var error: String?
    public var targets: [TargetStatus]?

    public init(ok: Bool, error: String? = nil, targets: [TargetStatus]? = nil) {
        self.ok = ok
        self.error = error
        self.targets = targets
    }
}

/// A target as `serve` wants it. Also the state file's record, so the data plane restores it.
public struct TargetDefinition: Codable, Sendable, Hashable {
    public struct LUN: Codable, Sendable, Hashable {
        /// A whole file or block device (`path`), or a base + overlay (`base`, `overlay`, `map`).
        public var number: Int
        public var path: String?
        public var readOnly: Bool?
        public var base: String?
        public var overlay: String?
        public var map: String?
        public var capBytes: UInt64?

        public init(number: Int, path: String, readOnly: Bool = false) {
            self.number = number
            self.path = path
            self.readOnly = readOnly
        }

        public init(number: Int, base: String, overlay: String, map: String, capBytes: UInt64? = nil) {
            self.number = number
            self.base = base
            self.overlay = overlay
            self.map = map
            self.capBytes = capBytes
        }
    }

    public var iqn: String
    public var initiators: [String]
    public var chap: CHAPCredentials?
    public var mutualChap: CHAPCredentials?
    public var luns: [LUN]

    public init(iqn: String, initiators: [String], chap: CHAPCredentials? = nil, mutualChap: CHAPCredentials? = nil, luns: [LUN]) {
        self.iqn = iqn
        self.initiators = initiators
        self.chap = chap
        self.mutualChap = mutualChap
        self.luns = luns
    }

    /// Checks every name and path before anything is opened.
    public func validate() throws -> TargetDefinition {
        _ = try Validate.iqn(iqn, field: "target.iqn")
        guard !initiators.isEmpty else { throw ControlError.invalid("target.initiators: at least one initiator IQN is needed") }
        for name in initiators { _ = try Validate.iqn(name, field: "target.initiators") }
        guard !luns.isEmpty, luns.count <= 64 else { throw ControlError.invalid("target.luns: 1 to 64 LUNs") }
        guard Set(luns.map(\.number)).count == luns.count else { throw ControlError.invalid("target.luns: LUN numbers repeat") }
        for lun in luns {
            guard (0..<16384).contains(lun.number) else { throw ControlError.invalid("target.luns: LUN \(lun.number) out of range") }
            let paths = [lun.path, lun.base, lun.overlay, lun.map].compactMap { $0 }
            for p in paths {
                guard p.hasPrefix("/"), !p.contains("\0"), !p.split(separator: "/").contains("..") else {
                    throw ControlError.invalid("target.luns[\(lun.number)]: \(p) is not an absolute path")
                }
            }
            let whole = lun.path != nil, overlay = lun.base != nil && lun.overlay != nil && lun.map != nil
            guard whole != overlay, paths.count == (whole ? 1 : 3) else {
                throw ControlError.invalid("target.luns[\(lun.number)]: give either path, or base + overlay + map")
            }
        }
        for secret in [chap, mutualChap].compactMap({ $0 }) {
            guard !secret.username.isEmpty, (12...16).contains(secret.secret.utf8.count) || secret.secret.utf8.count > 16 else {
                throw ControlError.invalid("target.chap: a CHAP secret needs at least 12 characters")
            }
        }
        return self
    }
}

public struct TargetStatus: Codable, Sendable, Hashable {
    public struct LUN: Codable, Sendable, Hashable {
        public var number: Int
        /// The whole disk, or an overlay LUN's base.
        public var path: String
        /// An overlay LUN's overlay file and its map.
        public var overlay: String?
        public var map: String?
        public var overlayBytes: UInt64?

        public init(number: Int, path: String, overlay: String? = nil, map: String? = nil, overlayBytes: UInt64? = nil) {
            self.number = number
            self.path = path
            self.overlay = overlay
            self.map = map
            self.overlayBytes = overlayBytes
        }
    }

    public struct Session: Codable, Sendable, Hashable {
        public var initiator: String
        public var address: String?
        public var commands: UInt64
        public var readBytes: UInt64
        public var writtenBytes: UInt64

        public init(initiator: String, address: String? = nil, commands: UInt64 = 0, readBytes: UInt64 = 0, writtenBytes: UInt64 = 0) {
            self.initiator = initiator
            self.address = address
            self.commands = commands
            self.readBytes = readBytes
            self.writtenBytes = writtenBytes
        }
    }

    public var iqn: String
    public var initiators: [String]
    public var chap: Bool
    public var luns: [LUN]
    public var sessions: [Session]

    public init(iqn: String, initiators: [String], chap: Bool, luns: [LUN], sessions: [Session]) {
        self.iqn = iqn
        self.initiators = initiators
        self.chap = chap
        self.luns = luns
        self.sessions = sessions
    }
}

public enum ControlError: Error, CustomStringConvertible, Sendable {
    case invalid(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .invalid(let why): why
        case .notFound(let what): what
        }
    }
}
