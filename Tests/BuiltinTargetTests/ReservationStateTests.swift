@testable import BuiltinTarget
import Testing

/// SPC-2 RESERVE(6)/RELEASE(6) and SPC-4 persistent reservations as a pure state machine: who
/// may do what under each reservation type, and how REGISTER / RESERVE / RELEASE / CLEAR /
/// PREEMPT change the registrations and the generation.
@Suite struct ReservationStateTests {
    static let a = Nexus(initiator: "iqn.2026-12.org.test:a", isid: [0x80, 0, 0, 0, 0, 1])
    static let b = Nexus(initiator: "iqn.2026-12.org.test:b", isid: [0x80, 0, 0, 0, 0, 2])
    static let c = Nexus(initiator: "iqn.2026-12.org.test:c", isid: [0x80, 0, 0, 0, 0, 3])

    static func parameters(key: UInt64 = 0, serviceKey: UInt64 = 0, flags: UInt8 = 0) -> [UInt8] {
        var p = [UInt8](repeating: 0, count: 24)
        for i in 0..<8 {
            p[i] = UInt8(truncatingIfNeeded: key >> (56 - 8 * UInt64(i)))
            p[8 + i] = UInt8(truncatingIfNeeded: serviceKey >> (56 - 8 * UInt64(i)))
        }
        p[20] = flags
        return p
    }

    static func out(_ state: inout ReservationState, _ action: ReservationState.OutAction, _ nexus: Nexus,
                    key: UInt64 = 0, serviceKey: UInt64 = 0, type: UInt8 = 0) -> ReservationState.Outcome? {
        failure(state.persistentOut(action, scopeType: type, parameters: parameters(key: key, serviceKey: serviceKey), nexus: nexus))
    }

    /// nil on success, else the outcome.
    static func failure(_ result: Result<Void, ReservationState.Outcome>) -> ReservationState.Outcome? {
        if case .failure(let outcome) = result { return outcome }
        return nil
    }

    @Test func reserve6BlocksOtherNexusesUntilReleasedOrLost() {
        var s = ReservationState()
        do { let r = s.reserve6(Self.a); #expect(r) }
        do { let r = s.reserve6(Self.a); #expect(r) }   // the holder may reserve again
        do { let r = s.reserve6(Self.b); #expect(!r) }
        do { let r = s.release6(Self.b); #expect(r) }   // a release by another nexus is a no-op
        #expect(s.conflicts(.read, nexus: Self.b, legacyExempt: false))
        #expect(!s.conflicts(.read, nexus: Self.b, legacyExempt: true))   // INQUIRY and friends pass
        #expect(!s.conflicts(.write, nexus: Self.a, legacyExempt: false))
        s.nexusLost(Self.a)
        do { let r = s.reserve6(Self.b); #expect(r) }
        s.reset()
        #expect(s.legacyHolder == nil)
    }

    @Test func registerNeedsTheRightKeyAndBumpsTheGeneration() {
        var s = ReservationState()
        #expect(Self.out(&s, .register, Self.a, key: 5, serviceKey: 7) == .conflict)   // not registered: key must be 0
        #expect(Self.out(&s, .register, Self.a, serviceKey: 7) == nil)
        #expect(s.generation == 1 && s.key(of: Self.a) == 7)
        #expect(Self.out(&s, .register, Self.a, key: 8, serviceKey: 9) == .conflict)
        #expect(Self.out(&s, .registerAndIgnore, Self.a, key: 8, serviceKey: 9) == nil)
        #expect(s.key(of: Self.a) == 9)
        #expect(Self.out(&s, .register, Self.a, key: 9, serviceKey: 0) == nil)   // unregister
        #expect(s.key(of: Self.a) == nil && s.generation == 3)
        // READ KEYS: generation, length, then the keys.
        _ = Self.out(&s, .register, Self.b, serviceKey: 0x1122)
        #expect(s.persistentIn(0) == [0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x11, 0x22])
    }

    @Test func aListOtherThan24BytesOrWithAPTPLIsRefused() {
        var s = ReservationState()
        #expect(Self.failure(s.persistentOut(.register, scopeType: 0, parameters: [0, 0], nexus: Self.a)) == .sense(.parameterListLength))
        let aptpl = Self.parameters(serviceKey: 1, flags: 0x01)
        #expect(Self.failure(s.persistentOut(.register, scopeType: 0, parameters: aptpl, nexus: Self.a)) == .sense(.invalidParameterList))
    }

    /// SPC-4 table 53: what a registered and an unregistered other nexus may do.
    @Test(arguments: [
        (UInt8(1), [false, true, false, true]),    // write exclusive: reads pass, writes conflict
        (UInt8(3), [true, true, true, true]),      // exclusive access: everything conflicts
        (UInt8(5), [false, false, false, true]),   // WE registrants only
        (UInt8(6), [false, false, true, true]),    // EA registrants only
        (UInt8(7), [false, false, false, true]),   // WE all registrants
        (UInt8(8), [false, false, true, true]),    // EA all registrants
    ])
    func accessUnderEachReservationType(type: UInt8, expected: [Bool]) {
        var s = ReservationState()
        _ = Self.out(&s, .register, Self.a, serviceKey: 1)
        _ = Self.out(&s, .register, Self.b, serviceKey: 2)
        #expect(Self.out(&s, .reserve, Self.a, key: 1, type: type) == nil)
        #expect(!s.conflicts(.write, nexus: Self.a, legacyExempt: false))
        let registered = [s.conflicts(.read, nexus: Self.b, legacyExempt: false), s.conflicts(.write, nexus: Self.b, legacyExempt: false)]
        let unregistered = [s.conflicts(.read, nexus: Self.c, legacyExempt: false), s.conflicts(.write, nexus: Self.c, legacyExempt: false)]
        #expect(registered + unregistered == expected)
        #expect(!s.conflicts(.always, nexus: Self.c, legacyExempt: false))
        do { let r = s.reserve6(Self.c); #expect(!r) }   // RESERVE(6) under a persistent reservation conflicts
    }

    @Test func readReservationShowsTheHolderKeyOrZeroForAllRegistrants() {
        var s = ReservationState()
        _ = Self.out(&s, .register, Self.a, serviceKey: 0xab)
        #expect(s.persistentIn(1) == [0, 0, 0, 1, 0, 0, 0, 0])
        _ = Self.out(&s, .reserve, Self.a, key: 0xab, type: 3)
        #expect(s.persistentIn(1) == [0, 0, 0, 1, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0xab, 0, 0, 0, 0, 0, 3, 0, 0])
        #expect(Self.out(&s, .release, Self.a, key: 0xab, type: 1) == .sense(Sense(key: 0x05, asc: 0x26, ascq: 0x04)))
        #expect(Self.out(&s, .release, Self.a, key: 0xab, type: 3) == nil)
        _ = Self.out(&s, .reserve, Self.a, key: 0xab, type: 8)
        #expect(s.persistentIn(1)?[15] == 0 && s.persistentIn(1)?[21] == 8)
        #expect(s.persistentIn(4) == nil)
    }

    @Test func unregisteringTheHolderEndsItsReservationButAllRegistrantsOneLastsToTheLast() {
        var s = ReservationState()
        _ = Self.out(&s, .register, Self.a, serviceKey: 1)
        _ = Self.out(&s, .register, Self.b, serviceKey: 2)
        _ = Self.out(&s, .reserve, Self.a, key: 1, type: 1)
        #expect(Self.out(&s, .reserve, Self.b, key: 2, type: 1) == .conflict)
        _ = Self.out(&s, .register, Self.a, key: 1)
        #expect(s.reservation == nil)
        _ = Self.out(&s, .register, Self.a, serviceKey: 1)
        _ = Self.out(&s, .reserve, Self.a, key: 1, type: 7)
        _ = Self.out(&s, .register, Self.a, key: 1)
        #expect(s.reservation?.type == .writeExclusiveAllRegistrants)   // b still holds it
        _ = Self.out(&s, .register, Self.b, key: 2)
        #expect(s.reservation == nil)
    }

    @Test func preemptRemovesTheOtherKeyAndTakesTheReservation() {
        var s = ReservationState()
        _ = Self.out(&s, .register, Self.a, serviceKey: 1)
        _ = Self.out(&s, .register, Self.b, serviceKey: 2)
        _ = Self.out(&s, .reserve, Self.a, key: 1, type: 3)
        let generation = s.generation
        #expect(Self.out(&s, .preempt, Self.b, key: 2, serviceKey: 1, type: 1) == nil)
        #expect(s.key(of: Self.a) == nil && s.reservation?.holder == Self.b && s.reservation?.type == .writeExclusive)
        #expect(s.generation == generation + 1)
        #expect(Self.out(&s, .preempt, Self.b, key: 2, serviceKey: 99, type: 1) == .conflict)   // nobody has key 99
        #expect(Self.out(&s, .preempt, Self.c, key: 3, serviceKey: 2, type: 1) == .conflict)   // c is not registered
        #expect(Self.out(&s, .clear, Self.b, key: 2) == nil)
        #expect(s.registrations.isEmpty && s.reservation == nil)
    }

    @Test func reportCapabilitiesListsEveryType() {
        let caps = ReservationState().persistentIn(2)
        #expect(caps == [0, 8, 0, 0x80, 0xea, 0x01, 0, 0])
    }
}

extension ReservationState.Outcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .conflict: "conflict"
        case .sense(let s): "sense \(s.key)/\(s.asc)/\(s.ascq)"
        }
    }
}
