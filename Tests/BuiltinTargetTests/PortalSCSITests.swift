@testable import BuiltinTarget
import Foundation
import TestSupport
import Testing

/// SCSI behaviour over real TCP against the real portal (`TargetConnectionHandler` on loopback):
/// reservations between two sessions, write residuals, COMPARE AND WRITE and ORWRITE. Each
/// was a failure of libiscsi's iscsi-test-cu (tier builtin-target) before its fix.
@Suite struct PortalSCSITests {
    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
    static func read10(_ lba: Int, _ blocks: Int) -> [UInt8] { [0x28, 0] + be32(lba) + [0, UInt8(blocks >> 8), UInt8(blocks & 0xff), 0] }
    static func write10(_ lba: Int, _ blocks: Int) -> [UInt8] { [0x2a, 0] + be32(lba) + [0, UInt8(blocks >> 8), UInt8(blocks & 0xff), 0] }
    static let inquiry: [UInt8] = [0x12, 0, 0, 0, 96, 0]
    static func prOut(_ action: UInt8, type: UInt8 = 0) -> [UInt8] { [0x5f, action, type, 0, 0, 0, 0, 0, 24, 0] }
    static func prIn(_ action: UInt8) -> [UInt8] { [0x5e, action, 0, 0, 0, 0, 0, 0x10, 0, 0] }
    static func keys(key: UInt64 = 0, serviceKey: UInt64 = 0) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: key >> (56 - 8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: serviceKey >> (56 - 8 * UInt64($0))) } + [UInt8](repeating: 0, count: 8)
    }

    @Test func reserve6ConflictsForAnotherSessionAndEndsWithItsSession() async throws {
        let portal = try await Portal.start()
        try await offPool {
            var a: TestInitiator? = try portal.initiator(isid: 1)
            let b = try portal.initiator(Portal.initiatorB, isid: 2)
            #expect(try a!.command([0x16, 0, 0, 0, 0, 0]).status == 0)
            #expect(try b.command([0x16, 0, 0, 0, 0, 0]).status == 0x18)
            #expect(try b.command(Self.read10(0, 1), read: 512).status == 0x18)
            #expect(try b.command(Self.inquiry, read: 96).status == 0)        // INQUIRY passes a reservation
            #expect(try b.command([0x17, 0, 0, 0, 0, 0]).status == 0)          // another's RELEASE: a no-op
            #expect(try a!.command(Self.read10(0, 1), read: 512).status == 0)
            a = nil   // the connection closes: I_T nexus loss ends the reservation
            var status: UInt8 = 0x18
            for _ in 0..<200 where status == 0x18 {   // the target notices the close asynchronously
                status = try b.command([0x16, 0, 0, 0, 0, 0]).status
                if status == 0x18 { usleep(10_000) }
            }
            #expect(status == 0)
        }
        try await portal.stop()
    }

    @Test func persistentReservationExcludesAnUnregisteredSession() async throws {
        let portal = try await Portal.start()
        try await offPool {
            let a = try portal.initiator(isid: 1)
            let b = try portal.initiator(Portal.initiatorB, isid: 2)
            #expect(try a.command(Self.prOut(0), write: Self.keys(serviceKey: 0xabcd)).status == 0)      // REGISTER
            #expect(try a.command(Self.prOut(1, type: 3), write: Self.keys(key: 0xabcd)).status == 0)     // RESERVE, exclusive access
            #expect(try b.command(Self.read10(0, 1), read: 512).status == 0x18)
            #expect(try b.command(Self.write10(0, 1), write: [UInt8](repeating: 1, count: 512)).status == 0x18)
            #expect(try b.command(Self.prOut(1, type: 3), write: Self.keys(key: 1)).status == 0x18)       // not registered
            let reservation = try b.command(Self.prIn(1), read: 4096)
            #expect(reservation.status == 0 && reservation.data.count == 24)
            #expect(reservation.data[14] == 0xab && reservation.data[15] == 0xcd && reservation.data[21] == 3)
            #expect(try a.command(Self.read10(0, 1), read: 512).status == 0)
            #expect(try a.command(Self.prOut(2, type: 3), write: Self.keys(key: 0xabcd)).status == 0)     // RELEASE
            #expect(try b.command(Self.read10(0, 1), read: 512).status == 0)
            #expect(try b.command(Self.prIn(7), read: 4096).senseKey == 0x05)                              // no such service action
        }
        try await portal.stop()
    }

    @Test func writesTakeTheSmallerOfTheCDBAndTheExpectedLengthAndSayTheResidual() async throws {
        let portal = try await Portal.start()
        try await offPool {
            let a = try portal.initiator()
            let b = [UInt8](repeating: 0x62, count: 4096)
            // CDB asks for 2 blocks, the initiator sends 1: block 0 is written, overflow 512.
            let over = try a.command(Self.write10(0, 2), write: Array(b.prefix(512)))
            #expect(over.status == 0 && over.residualFlags == 0x04 && over.residual == 512)
            let read = try a.command(Self.read10(0, 2), read: 1024).data
            #expect(Array(read.prefix(512)) == Array(b.prefix(512)) && read[512] == 0)
            // CDB asks for 1 block, the initiator offers 1024 bytes (some by R2T): underflow 512.
            let under = try a.command(Self.write10(8, 1), write: Array(b.prefix(1024)), immediate: 256)
            #expect(under.status == 0 && under.residualFlags == 0x02 && under.residual == 512)
            // The initiator's length ends inside a block: nothing written, INVALID FIELD IN INFORMATION UNIT.
            let partial = try a.command(Self.write10(16, 1), write: Array(b.prefix(200)))
            #expect(partial.status == 2 && partial.senseKey == 0x05 && partial.asc == 0x0e)
            #expect(partial.residualFlags == 0x04 && partial.residual == 312)
            #expect(try a.command(Self.read10(16, 1), read: 512).data == [UInt8](repeating: 0, count: 512))
        }
        try await portal.stop()
    }

    @Test func compareAndWriteOfSeveralBlocksAndOrWrite() async throws {
        let portal = try await Portal.start()
        try await offPool {
            let a = try portal.initiator()
            func caw(_ blocks: Int) -> [UInt8] { [0x89, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, UInt8(blocks), 0, 0] }
            let zeros = [UInt8](repeating: 0, count: 1024), ones = [UInt8](repeating: 1, count: 1024)
            #expect(try a.command(caw(2), write: zeros + ones).status == 0)                      // LBA 4-5: 0 → 1
            var wrong = ones
            wrong[700] = 9
            let miscompare = try a.command(caw(2), write: wrong + zeros)
            #expect(miscompare.senseKey == 0x0e && miscompare.sense[0] & 0x80 != 0)
            #expect(Array(miscompare.sense[3..<7]) == [0, 0, 0x02, 0xbc])                        // offset 700
            #expect(try a.command(caw(0), write: zeros).senseKey == 0x05)                        // 256 truncated to 0
            let orWrite: [UInt8] = [0x8b, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0]
            #expect(try a.command(orWrite, write: [UInt8](repeating: 2, count: 1024)).status == 0)
            #expect(try a.command(Self.read10(4, 2), read: 1024).data == [UInt8](repeating: 3, count: 1024))
        }
        try await portal.stop()
    }

    @Test func aDataOutOutOfSequenceEndsTheSession() async throws {
        let portal = try await Portal.start()
        try await offPool {
            let a = try portal.initiator()
            a.wrongDataSN = 5
            #expect(throws: TestInitiator.Failure.self) {
                _ = try a.command(Self.write10(0, 1), write: [UInt8](repeating: 7, count: 512), immediate: 0)
            }
            let b = try portal.initiator(isid: 2)   // a new session works, and nothing was written
            #expect(try b.command(Self.read10(0, 1), read: 512).data == [UInt8](repeating: 0, count: 512))
        }
        try await portal.stop()
    }
}
