import Domain

extension ServiceError {
    /// The stable code of this error (`ErrorCode`). The kind of a not-found comes from the noun its
    /// text starts with (`machine 12`, `boot item 3`); a conflict's kind from the message the
    /// service layer builds for it (each pinned by a test in APITests/ErrorCodeTests).
    public var code: ErrorCode {
        switch self {
        case .validation: .validationField
        case .notFound(let what): Self.notFoundCode(what)
        case .conflict(let why): Self.conflictCode(why)
        case .preconditionFailed: .revisionStale
        case .unauthorized: .authInvalid
        case .forbidden: .authForbidden
        case .rateLimited: .rateLimited
        case .unavailable: .unavailable
        case .internal: .internal
        }
    }

    static func notFoundCode(_ what: String) -> ErrorCode {
        let table: [(String, ErrorCode)] = [
            ("discovered machine ", .discoveredNotFound), ("machine ", .machineNotFound), ("image ", .imageNotFound),
            ("version ", .versionNotFound), ("boot item ", .bootItemNotFound), ("user ", .userNotFound),
            ("token ", .tokenNotFound), ("job ", .jobNotFound),
        ]
        return table.first { what.hasPrefix($0.0) }?.1 ?? .notFound
    }

    static func conflictCode(_ why: String) -> ErrorCode {
        // Order matters: the more specific message first.
        let table: [(String, ErrorCode)] = [
            ("a machine named ", .machineNameTaken), ("an image named ", .imageNameTaken),
            ("a boot item named ", .bootItemNameTaken), ("a user named ", .userNameTaken),
            ("you already have a token named ", .tokenNameTaken), ("you cannot ", .userSelf),
        ]
        if let hit = table.first(where: { why.hasPrefix($0.0) }) { return hit.1 }
        if why.hasPrefix("MAC "), why.contains(" already belongs to machine ") { return .machineMACTaken }
        if why.hasPrefix("IP "), why.contains(" already belongs to machine ") { return .machineIPTaken }
        if why.hasPrefix("image "), why.contains(" is used by ") { return .imageInUse }
        if why.hasPrefix("boot item "), why.contains(" is used by ") { return .bootItemInUse }
        if why.contains(" has no iSCSI disks") { return .diskNoDisks }
        if why.hasPrefix("machine "), why.contains(" is a super workstation") { return .diskSuperWorkstation }
        if why.hasPrefix("image "), why.contains(" has no version") { return .imageNoVersion }
        if why.hasPrefix("image "), why.contains(" has nothing to commit") { return .imageNothingToCommit }
        if why.hasPrefix("image "), why.contains(" is ") && why.contains("wait for") { return .imageBusy }
        if why.hasPrefix("version "), why.contains(" is the current version") { return .versionCurrent }
        if why.contains(" is the last admin") { return .userLastAdmin }
        if why.hasPrefix("storage: ") { return .storageFailed }
        if why.hasPrefix("cannot truncate ") { return .storageFull }
        return .conflict
    }
}

extension DriverError {
    /// A driver that cannot run here is the target (or storage) being unavailable; anything else
    /// it answered is a storage failure.
    public var code: ErrorCode {
        switch self {
        case .unavailable: .targetUnavailable
        default: .storageFailed
        }
    }
}

extension PowerServiceError {
    public var code: ErrorCode {
        switch self {
        case .noPowerDevice, .noSuchDevice: .powerNoDevice
        case .failed: .powerUnreachable
        case .timedOut: .powerTimedOut
        case .sessionInvalid: .powerSessionInvalid
        case .noAgentAddress: .powerNoAgentAddress
        }
    }
}
