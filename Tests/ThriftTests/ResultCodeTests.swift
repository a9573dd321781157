import Domain
import Services
import PresetThrift
import Testing
import ThriftCodec

@Suite struct ResultCodeTests {
    static let cases: [(any Error, Int32)] = [
        (PresetThriftError.unknownHost("x"), 6),
        (PresetThriftError.bootItemNotFound("x"), 1101),
        (PresetThriftError.invalidPowerStatus(3), 1201),
        (PresetThriftError.powerFailed("x"), 1202),
        (PresetThriftError.noPowerDevice("x"), 2001),
        (PresetThriftError.invalidBody("x"), 3),
        (PresetThriftError.internalError("x"), 2),
        (AgentError.connectFailed("x"), 7),
        (AgentError.timedOut("x"), 4),
        (AgentError.protocolError("x"), 3),
        (DriverError.timedOut("x"), 4),
        (DriverError.unavailable("x"), 2001),
        (DriverError.commandFailed(command: "ipmitool", status: 1, output: ""), 1202),
        (ThriftError.truncated(needed: 3), 3),
        (ValidationError(field: "name", "bad"), 3),
        (ServiceError.notFound(.machineNotFound, "machine 3"), 6),
        (ServiceError.invalid("defaultBootItem", "bad"), 3),
        (ServiceError.internal("x"), 2),
        (PowerServiceError.noPowerDevice(machine: "pc01", action: .on), 2001),
        (PowerServiceError.failed(machine: "pc01", action: .off, reason: "x"), 1202),
        (PowerServiceError.timedOut(machine: "pc01", action: .off, reason: "x"), 4),
        (PowerServiceError.sessionInvalid(machine: "pc01", reason: "x"), 1203),
        (PowerServiceError.noSuchDevice(machine: "pc01", reason: "x"), 2001),
        (DriverError.authenticationFailed("x"), 1203),
        (PresetThriftError.unknownDevice("x"), 2001),
        (CancellationError(), 2),
    ]

    @Test func everyErrorMapsToItsPresetCode() {
        for (error, code) in Self.cases {
            let result = PresetResultCode.result(for: error)
            #expect(result.code == code, "\(error)")
            #expect(!result.message.isEmpty)
        }
    }
}
