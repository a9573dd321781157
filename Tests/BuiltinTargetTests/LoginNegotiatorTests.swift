@testable import BuiltinTarget
import Domain
import Secrets
import Testing

@Suite struct LoginNegotiatorTests {
    static let target = "iqn.2022-10.org.dbc.iscsi:pc01"
    static let initiator = "iqn.2022-10.org.dbc.iscsi:client.525400000001"

    static func negotiator(chap: CHAPCredentials? = nil, mutual: CHAPCredentials? = nil) -> LoginNegotiator {
        let access = TargetAccess(iqn: target, initiators: [initiator], chap: chap, mutualChap: mutual)
        return LoginNegotiator(limits: TargetLimits(), tsih: 7, lookup: { $0 == target ? access : nil })
    }

    static func request(_ keys: [(String, String)], transit: Bool, csg: UInt8, nsg: UInt8) -> PDU {
        var pdu = PDU(opcode: .loginRequest, data: TextParameters(keys.map { (key: $0.0, value: $0.1) }).encoded)
        pdu.header[0] |= 0x40
        pdu.header[1] = (transit ? 0x80 : 0) | csg << 2 | nsg
        pdu.header[8] = 0x80   // ISID
        pdu.initiatorTaskTag = 1
        pdu.setU32(24, 10)     // CmdSN
        return pdu
    }

    static func keys(_ pdu: PDU) -> TextParameters { TextParameters.parse(pdu.data)! }

    @Test func loginWithoutCHAPReachesFullFeatureAndNegotiates() throws {
        var login = Self.negotiator()
        let step = login.handle(Self.request([("InitiatorName", Self.initiator), ("TargetName", Self.target), ("SessionType", "Normal"),
                                              ("AuthMethod", "None"), ("HeaderDigest", "CRC32C,None"), ("MaxRecvDataSegmentLength", "65536"),
                                              ("InitialR2T", "No"), ("ImmediateData", "Yes"), ("X-com.example.Foo", "1")],
                                             transit: true, csg: 0, nsg: 3))
        guard case .established(let response, let session) = step else { Issue.record("not established: \(step)"); return }
        #expect(response.u16(14) == 7)
        #expect(response.header[36] == 0 && response.header[37] == 0)
        #expect(response.header[1] == 0x80 | 3)
        #expect(session.parameters.headerDigest)
        #expect(session.parameters.initiatorMaxRecvDataSegmentLength == 65536)
        #expect(!session.parameters.initialR2T)
        #expect(session.expCmdSN == 10)
        let answer = Self.keys(response)
        #expect(answer["TargetPortalGroupTag"] == "1")
        #expect(answer["AuthMethod"] == "None")
        #expect(answer["X-com.example.Foo"] == "NotUnderstood")
        #expect(answer["MaxRecvDataSegmentLength"] == String(TargetLimits().maxRecvDataSegmentLength))
    }

    @Test func anInitiatorNotInTheACLIsRefused() {
        var login = Self.negotiator()
        let step = login.handle(Self.request([("InitiatorName", "iqn.2022-10.org.dbc.iscsi:client.other"), ("TargetName", Self.target)],
                                             transit: true, csg: 0, nsg: 1))
        guard case .fail(let response, _) = step else { Issue.record("expected a failure"); return }
        #expect(response.header[36] == 0x02 && response.header[37] == 0x02)
    }

    @Test func anUnknownTargetIsNotFound() {
        var login = Self.negotiator()
        let step = login.handle(Self.request([("InitiatorName", Self.initiator), ("TargetName", "iqn.2022-10.org.dbc.iscsi:nope")],
                                             transit: true, csg: 0, nsg: 1))
        guard case .fail(let response, _) = step else { Issue.record("expected a failure"); return }
        #expect(response.header[36] == 0x02 && response.header[37] == 0x03)
    }

    @Test func mutualCHAPAuthenticatesBothWays() throws {
        let chap = CHAPCredentials(username: "pc01", secret: "initiator-secret-1")
        let mutual = CHAPCredentials(username: "disklessd", secret: "target-secret-123")
        var login = Self.negotiator(chap: chap, mutual: mutual)
        guard case .reply(let first) = login.handle(Self.request([("InitiatorName", Self.initiator), ("TargetName", Self.target),
                                                                   ("AuthMethod", "CHAP,None")], transit: false, csg: 0, nsg: 0)) else {
            Issue.record("first step"); return
        }
        #expect(Self.keys(first)["AuthMethod"] == "CHAP")
        guard case .reply(let challenge) = login.handle(Self.request([("CHAP_A", "5")], transit: false, csg: 0, nsg: 0)) else {
            Issue.record("challenge step"); return
        }
        let c = Self.keys(challenge)
        let id = try #require(UInt8(c["CHAP_I"]!))
        let bytes = try #require(CHAP.decode(c["CHAP_C"]!))
        let answer = CHAP.encode(try CHAP.response(id: id, secret: chap.secret, challenge: bytes))
        let myChallenge: [UInt8] = Array(0..<16)
        let step = login.handle(Self.request([("CHAP_N", "pc01"), ("CHAP_R", answer), ("CHAP_I", "9"), ("CHAP_C", CHAP.encode(myChallenge))],
                                             transit: true, csg: 0, nsg: 1))
        guard case .reply(let done) = step else { Issue.record("auth step: \(step)"); return }
        let k = Self.keys(done)
        #expect(k["CHAP_N"] == "disklessd")
        #expect(k["CHAP_R"] == CHAP.encode(try CHAP.response(id: 9, secret: mutual.secret, challenge: myChallenge)))
        #expect(done.header[1] & 0x80 != 0)
    }

    @Test func aWrongCHAPResponseFailsAuthentication() throws {
        var login = Self.negotiator(chap: CHAPCredentials(username: "pc01", secret: "initiator-secret-1"))
        _ = login.handle(Self.request([("InitiatorName", Self.initiator), ("TargetName", Self.target), ("AuthMethod", "CHAP")], transit: false, csg: 0, nsg: 0))
        _ = login.handle(Self.request([("CHAP_A", "5")], transit: false, csg: 0, nsg: 0))
        let step = login.handle(Self.request([("CHAP_N", "pc01"), ("CHAP_R", "0x00112233445566778899aabbccddeeff")], transit: true, csg: 0, nsg: 1))
        guard case .fail(let response, _) = step else { Issue.record("expected a failure"); return }
        #expect(response.header[36] == 0x02 && response.header[37] == 0x01)
    }

    @Test func skippingCHAPToOperationalIsRefused() {
        var login = Self.negotiator(chap: CHAPCredentials(username: "pc01", secret: "initiator-secret-1"))
        let step = login.handle(Self.request([("InitiatorName", Self.initiator), ("TargetName", Self.target)], transit: true, csg: 1, nsg: 3))
        guard case .fail = step else { Issue.record("expected a failure"); return }
    }
}
