import Domain
import Testing
@testable import ISCSITargets

/// The boot scripts take their LUNs from the target driver in use; while none can run, the
/// stand-in numbers disks as the driver it stands in for will (tgt's LUN 0 is its controller).
@Suite struct UnavailableTargetDriverTests {
    @Test func itsFirstLUNIsTheOneOfTheDriverItStandsInFor() async throws {
        #expect(UnavailableTargetDriver(kind: .lio, reason: "x").firstLUN == LIOTargetDriver(root: "/nonexistent").firstLUN)
        #expect(UnavailableTargetDriver(kind: .tgt, reason: "x").firstLUN == TgtTargetDriver().firstLUN)
        #expect(UnavailableTargetDriver(kind: .auto, reason: "x").firstLUN == TgtTargetDriver().firstLUN)
        await #expect(throws: DriverError.self) { try await UnavailableTargetDriver(reason: "no tgtd").listTargets(prefix: "iqn.x:") }
    }
}
