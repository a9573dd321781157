/// An I_T nexus (SAM-5): one initiator port (initiator name + ISID) talking to this target.
/// Reservations and registrations belong to a nexus, not to an initiator name: two sessions of
/// one initiator with different ISIDs are two nexuses.
public struct Nexus: Sendable, Hashable {
    public var initiator: String
    public var isid: [UInt8]

    public init(initiator: String, isid: [UInt8]) {
        self.initiator = initiator
        self.isid = isid
    }

    /// The iSCSI initiator port name (RFC 7143 §4.2.7.1): `name,i,0x<ISID>`.
    public var portName: String { "\(initiator),i,0x" + isid.map { String($0, radix: 16).leftPadded(2) }.joined() }
}

/// Which side of the SPC-4 reservation tables (§5.13.1, table "SPC commands that are allowed in
/// the presence of various reservations") a command sits on.
public enum ReservationAccess: Sendable {
    /// INQUIRY, REPORT LUNS, REQUEST SENSE, PERSISTENT RESERVE IN/OUT, REPORT SUPPORTED
    /// OPERATION CODES, TEST UNIT READY, READ CAPACITY: allowed under any persistent reservation.
    case always
    /// Reads the medium or the unit's state (READ, VERIFY, MODE SENSE, …).
    case read
    /// Changes the medium or the unit's state.
    case write
}

/// SPC-2 reservations (RESERVE(6)/RELEASE(6)) and SPC-4 persistent reservations of one LUN:
/// a pure state machine. Registrations are kept in registration order (READ KEYS lists them so).
/// Not persisted (APTPL is refused): a target restart ends every reservation, as it ends every nexus.
public struct ReservationState: Sendable {
    public enum PRType: UInt8, Sendable, CaseIterable {
        case writeExclusive = 1, exclusiveAccess = 3
        case writeExclusiveRegistrantsOnly = 5, exclusiveAccessRegistrantsOnly = 6
        case writeExclusiveAllRegistrants = 7, exclusiveAccessAllRegistrants = 8

        /// Every registrant holds an "all registrants" reservation.
        var allRegistrants: Bool { self == .writeExclusiveAllRegistrants || self == .exclusiveAccessAllRegistrants }
        var registrantsHaveAccess: Bool { rawValue >= 5 }
        var exclusiveAccess: Bool { self == .exclusiveAccess || self == .exclusiveAccessRegistrantsOnly || self == .exclusiveAccessAllRegistrants }
    }

    public struct Reservation: Sendable, Hashable {
        /// Nil for the all-registrants types: every registrant is a holder.
        public var holder: Nexus?
        public var type: PRType
    }

    public private(set) var generation: UInt32 = 0
    public private(set) var registrations: [(nexus: Nexus, key: UInt64)] = []
    public private(set) var reservation: Reservation?
    /// The SPC-2 RESERVE(6) holder.
    public private(set) var legacyHolder: Nexus?

    public init() {}

    public func key(of nexus: Nexus) -> UInt64? { registrations.first { $0.nexus == nexus }?.key }

    func holds(_ nexus: Nexus) -> Bool {
        guard let reservation else { return false }
        return reservation.type.allRegistrants ? key(of: nexus) != nil : reservation.holder == nexus
    }

    /// True when `nexus` may not run a command of this kind now (RESERVATION CONFLICT).
    /// - Parameter legacyExempt: the command is one SPC-2 lets through a RESERVE(6) of another
    ///   nexus (INQUIRY, REPORT LUNS, REQUEST SENSE, RELEASE, REPORT SUPPORTED OPERATION CODES).
    public func conflicts(_ access: ReservationAccess, nexus: Nexus, legacyExempt: Bool) -> Bool {
        if let legacyHolder, legacyHolder != nexus, !legacyExempt { return true }
        guard let reservation, access != .always, !holds(nexus) else { return false }
        let registered = key(of: nexus) != nil
        if reservation.type.registrantsHaveAccess && registered { return false }
        return access == .write || reservation.type.exclusiveAccess
    }

    // MARK: SPC-2 RESERVE(6) / RELEASE(6)

    /// RESERVE(6): false on a conflict (another nexus's reservation, or any persistent reservation).
    public mutating func reserve6(_ nexus: Nexus) -> Bool {
        guard reservation == nil, legacyHolder == nil || legacyHolder == nexus else { return false }
        legacyHolder = nexus
        return true
    }

    /// RELEASE(6): ends the nexus's own reservation; a release by anyone else is a no-op (SPC-2 §7.21).
    public mutating func release6(_ nexus: Nexus) -> Bool {
        guard reservation == nil else { return false }
        if legacyHolder == nexus { legacyHolder = nil }
        return true
    }

    /// An I_T nexus loss (session ended, logout): its SPC-2 reservation ends.
    public mutating func nexusLost(_ nexus: Nexus) {
        if legacyHolder == nexus { legacyHolder = nil }
    }

    /// LOGICAL UNIT RESET and target resets end the SPC-2 reservation; persistent ones stay.
    public mutating func reset() { legacyHolder = nil }

    // MARK: Persistent reservations

    public enum Outcome: Sendable, Hashable, Error {
        case conflict
        case sense(Sense)
    }

    public enum OutAction: UInt8, Sendable {
        case register = 0, reserve, release, clear, preempt, preemptAndAbort, registerAndIgnore, registerAndMove
    }

    /// PERSISTENT RESERVE OUT (SPC-4 §6.16).
    /// - Parameters:
    ///   - scopeType: CDB byte 2 (scope in the high nibble, type in the low).
    ///   - parameters: the parameter list (24 bytes; SPEC_I_PT and APTPL are refused).
    public mutating func persistentOut(_ action: OutAction, scopeType: UInt8, parameters: [UInt8], nexus: Nexus) -> Result<Void, Outcome> {
        guard parameters.count == 24 else { return .failure(.sense(.parameterListLength)) }
        let key = parameters[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let serviceKey = parameters[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        if parameters[20] & 0x09 != 0 { return .failure(.sense(.invalidParameterList)) }   // SPEC_I_PT, APTPL
        if legacyHolder != nil && legacyHolder != nexus { return .failure(.conflict) }
        let own = self.key(of: nexus)
        func type() -> Result<PRType, Outcome> {
            guard scopeType >> 4 == 0, let t = PRType(rawValue: scopeType & 0x0f) else { return .failure(.sense(.invalidField(2))) }
            return .success(t)
        }
        switch action {
        case .register, .registerAndIgnore:
            if let own {
                guard action == .registerAndIgnore || own == key else { return .failure(.conflict) }
                if serviceKey == 0 { unregister(nexus) } else { setKey(serviceKey, for: nexus) }
            } else {
                guard action == .registerAndIgnore || key == 0 else { return .failure(.conflict) }
                guard serviceKey != 0 else { return .success(()) }
                registrations.append((nexus, serviceKey))
            }
            generation &+= 1
        case .reserve:
            guard let own, own == key else { return .failure(.conflict) }
            let t: PRType
            switch type() { case .success(let v): t = v; case .failure(let e): return .failure(e) }
            if let reservation {
                return holds(nexus) && reservation.type == t ? .success(()) : .failure(.conflict)
            }
            reservation = Reservation(holder: t.allRegistrants ? nil : nexus, type: t)
        case .release:
            guard let own, own == key else { return .failure(.conflict) }
            guard let reservation, holds(nexus) else { return .success(()) }
            guard scopeType == reservation.type.rawValue else { return .failure(.sense(Sense(key: 0x05, asc: 0x26, ascq: 0x04))) }
            self.reservation = nil
        case .clear:
            guard let own, own == key else { return .failure(.conflict) }
            registrations.removeAll()
            reservation = nil
            generation &+= 1
        case .preempt, .preemptAndAbort:
            guard let own, own == key else { return .failure(.conflict) }
            let t: PRType
            switch type() { case .success(let v): t = v; case .failure(let e): return .failure(e) }
            if let reservation, reservation.type.allRegistrants || reservation.holder.flatMap(self.key(of:)) == serviceKey {
                // Preempting the holder: its registrations go, the reservation becomes ours.
                if reservation.type.allRegistrants && serviceKey == 0 {
                    registrations.removeAll { $0.nexus != nexus }
                } else {
                    registrations.removeAll { $0.key == serviceKey && $0.nexus != nexus }
                }
                self.reservation = Reservation(holder: t.allRegistrants ? nil : nexus, type: t)
            } else {
                guard serviceKey != 0 else { return .failure(.sense(.invalidParameterList)) }
                let before = registrations.count
                registrations.removeAll { $0.key == serviceKey }
                guard registrations.count < before else { return .failure(.conflict) }
                if let holder = self.reservation?.holder, self.key(of: holder) == nil { self.reservation = nil }
            }
            generation &+= 1
        case .registerAndMove:
            return .failure(.sense(.invalidField(1)))
        }
        return .success(())
    }

    mutating func setKey(_ key: UInt64, for nexus: Nexus) {
        if let i = registrations.firstIndex(where: { $0.nexus == nexus }) { registrations[i].key = key }
    }

    /// Removes a registration; a reservation it held ends with it (for all-registrants types,
    /// with the last registrant).
    mutating func unregister(_ nexus: Nexus) {
        registrations.removeAll { $0.nexus == nexus }
        guard let reservation else { return }
        if reservation.type.allRegistrants ? registrations.isEmpty : reservation.holder == nexus { self.reservation = nil }
    }

    /// PERSISTENT RESERVE IN (SPC-4 §6.15): READ KEYS, READ RESERVATION, REPORT CAPABILITIES,
    /// READ FULL STATUS; nil for any other service action.
    public func persistentIn(_ serviceAction: UInt8) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 8)
        InquiryData.put32(&out, 0, generation)
        switch serviceAction {
        case 0:   // READ KEYS
            for r in registrations { out += be64(r.key) }
        case 1:   // READ RESERVATION
            if let reservation {
                out += be64(reservation.holder.flatMap(key(of:)) ?? 0) + [0, 0, 0, 0, 0, reservation.type.rawValue, 0, 0]
            }
        case 2:   // REPORT CAPABILITIES: no PTPL, TMV with "allow commands" 0; every type
            return [0, 8, 0, 0x80, 0xea, 0x01, 0, 0]
        case 3:   // READ FULL STATUS
            for r in registrations {
                let holder = holds(r.nexus)
                var d = be64(r.key) + [0, 0, 0, 0, holder ? 0x01 : 0, holder ? reservation!.type.rawValue : 0, 0, 0, 0, 0, 0, 1]
                let id = transportID(r.nexus)
                d += [UInt8(id.count >> 24), UInt8(id.count >> 16 & 0xff), UInt8(id.count >> 8 & 0xff), UInt8(id.count & 0xff)] + id
                out += d
            }
        default:
            return nil
        }
        InquiryData.put32(&out, 4, UInt32(out.count - 8))
        return out
    }

    /// An iSCSI TransportID, format 01 (SPC-4 §7.6.4.6): the initiator port name, NUL-padded to 4.
    func transportID(_ nexus: Nexus) -> [UInt8] {
        var name = Array(nexus.portName.utf8) + [0]
        while name.count % 4 != 0 || name.count < 20 { name.append(0) }
        return [0x45, 0, UInt8(name.count >> 8), UInt8(name.count & 0xff)] + name
    }

    func be64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) } }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
