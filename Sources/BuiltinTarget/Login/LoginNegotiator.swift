import Domain
import Secrets

/// The login phase of one connection (RFC 7143 §6, §11.12–11.13): security negotiation (None or
/// CHAP, optionally mutual), operational negotiation, then the move to full feature phase. Pure:
/// it answers each Login Request with a Login Response and says when the session is up or lost.
public struct LoginNegotiator: Sendable {
    public enum SessionType: Sendable, Hashable {
        case discovery
        case normal(target: String)
    }

    public struct Established: Sendable, Hashable {
        public var type: SessionType
        public var initiatorName: String
        public var parameters: SessionParameters
        public var isid: [UInt8]
        public var tsih: UInt16
        public var statSN: UInt32
        public var expCmdSN: UInt32
    }

    public enum Step: Sendable {
        /// Send the response and keep negotiating.
        case reply(PDU)
        /// Send the response; the session is in full feature phase.
        case established(PDU, Established)
        /// Send the response (a login failure) and close the connection.
        case fail(PDU, reason: String)
    }

    /// Login status classes and details (RFC 7143 §11.13.5).
    enum Status: UInt16 {
        case success = 0x0000
        case initiatorError = 0x0200
        case authenticationFailure = 0x0201
        case authorizationFailure = 0x0202
        case notFound = 0x0203
        case missingParameter = 0x0207
        case unsupportedVersion = 0x0205
        case targetError = 0x0300
    }

    let limits: TargetLimits
    let tsih: UInt16
    let lookup: @Sendable (String) -> TargetAccess?
    var parameters = SessionParameters()
    var initiatorName: String?
    var sessionType: SessionType?
    var statSN: UInt32 = 0
    var startedStatSN = false
    var authenticated = false
    var chapChallenge: (id: UInt8, challenge: [UInt8])?
    var sentPortalGroupTag = false
    var stage: UInt8 = 0

    /// - Parameters:
    ///   - tsih: the session handle to give this session (non-zero).
    ///   - lookup: the target of a name, nil when there is none.
    public init(limits: TargetLimits, tsih: UInt16, lookup: @escaping @Sendable (String) -> TargetAccess?) {
        self.limits = limits
        self.tsih = tsih
        self.lookup = lookup
    }

    public mutating func handle(_ request: PDU) -> Step {
        guard request.opcode == .loginRequest else {
            return .fail(response(to: request, status: .initiatorError, keys: TextParameters()), reason: "non-login PDU during login")
        }
        if !startedStatSN {
            statSN = request.u32(28)   // ExpStatSN: the initiator's idea of where StatSN starts
            startedStatSN = true
        }
        let transit = request.header[1] & 0x80 != 0
        let continues = request.header[1] & 0x40 != 0
        let csg = (request.header[1] >> 2) & 3
        let nsg = request.header[1] & 3
        guard request.header[3] == 0 else {   // VersionMin: only version 0 exists
            return .fail(response(to: request, status: .unsupportedVersion, keys: TextParameters()), reason: "unsupported version")
        }
        guard !continues, let keys = TextParameters.parse(request.data) else {
            return .fail(response(to: request, status: .initiatorError, keys: TextParameters()), reason: "malformed or continued login text")
        }
        guard csg == 0 || csg == 1, csg >= stage else {
            return .fail(response(to: request, status: .initiatorError, keys: TextParameters()), reason: "bad login stage \(csg)")
        }
        stage = csg

        var answer = TextParameters()
        if initiatorName == nil {
            guard let name = keys["InitiatorName"], !name.isEmpty else {
                return .fail(response(to: request, status: .missingParameter, keys: answer), reason: "no InitiatorName")
            }
            initiatorName = name
            if keys["SessionType"] == "Discovery" {
                sessionType = .discovery
            } else {
                guard let target = keys["TargetName"] else {
                    return .fail(response(to: request, status: .missingParameter, keys: answer), reason: "no TargetName")
                }
                guard let access = lookup(target) else {
                    return .fail(response(to: request, status: .notFound, keys: answer), reason: "no target \(target)")
                }
                guard access.initiators.contains(name) else {
                    return .fail(response(to: request, status: .authorizationFailure, keys: answer),
                                 reason: "initiator \(name) is not allowed on \(target)")
                }
                sessionType = .normal(target: target)
            }
        }
        if case .normal = sessionType, !sentPortalGroupTag {
            answer.append("TargetPortalGroupTag", "1")
            sentPortalGroupTag = true
        }

        if csg == 0 {
            switch security(keys, answer: &answer) {
            case .ok: break
            case .failed(let why): return .fail(response(to: request, status: .authenticationFailure, keys: TextParameters()), reason: why)
            }
        } else {
            guard authenticated || !needsCHAP else {
                return .fail(response(to: request, status: .authenticationFailure, keys: TextParameters()), reason: "operational stage before authentication")
            }
            operational(keys, answer: &answer)
        }

        let canTransit = transit && (csg == 1 || authenticated)
        let next: UInt8 = canTransit ? nsg : csg
        var pdu = response(to: request, status: .success, keys: answer, transit: canTransit, csg: csg, nsg: next)
        if canTransit && nsg == 3 {
            pdu.setU16(14, tsih)
            return .established(pdu, Established(type: sessionType!, initiatorName: initiatorName!, parameters: parameters,
                                                  isid: Array(request.header[8..<14]), tsih: tsih,
                                                  statSN: statSN, expCmdSN: request.u32(24)))
        }
        if canTransit { stage = nsg }
        return .reply(pdu)
    }

    var access: TargetAccess? {
        if case .normal(let target) = sessionType { return lookup(target) }
        return nil
    }

    var needsCHAP: Bool { access?.chap != nil }

    enum SecurityOutcome { case ok, failed(String) }

    mutating func security(_ keys: TextParameters, answer: inout TextParameters) -> SecurityOutcome {
        if let methods = keys["AuthMethod"] {
            let offered = methods.split(separator: ",").map(String.init)
            if needsCHAP {
                guard offered.contains("CHAP") else { return .failed("target needs CHAP, initiator offered \(methods)") }
                answer.append("AuthMethod", "CHAP")
            } else {
                guard offered.contains("None") else { return .failed("initiator offered only \(methods)") }
                answer.append("AuthMethod", "None")
                authenticated = true
            }
        } else if !needsCHAP {
            authenticated = true
        }
        if let algorithms = keys["CHAP_A"] {
            guard needsCHAP, algorithms.split(separator: ",").contains("5") else { return .failed("CHAP_A \(algorithms) without MD5") }
            guard let challenge = try? SecureRandom.bytes(16), let id = try? SecureRandom.bytes(1) else { return .failed("no randomness") }
            chapChallenge = (id[0], challenge)
            answer.append("CHAP_A", "5")
            answer.append("CHAP_I", String(id[0]))
            answer.append("CHAP_C", CHAP.encode(challenge))
        }
        if let name = keys["CHAP_N"] {
            guard let sent = chapChallenge, let chap = access?.chap else { return .failed("CHAP_N without a challenge") }
            guard name == chap.username, let given = keys["CHAP_R"].flatMap(CHAP.decode),
                  let expected = try? CHAP.response(id: sent.id, secret: chap.secret, challenge: sent.challenge),
                  Digest.constantTimeEqual(given, expected) else { return .failed("CHAP response for \(name) is wrong") }
            chapChallenge = nil
            if let idText = keys["CHAP_I"], let challengeText = keys["CHAP_C"] {
                guard let mutual = access?.mutualChap else { return .failed("initiator asks for mutual CHAP; none is set") }
                guard let id = UInt8(idText), let challenge = CHAP.decode(challengeText), challenge != sent.challenge,
                      let reply = try? CHAP.response(id: id, secret: mutual.secret, challenge: challenge) else {
                    return .failed("bad mutual CHAP challenge")
                }
                answer.append("CHAP_N", mutual.username)
                answer.append("CHAP_R", CHAP.encode(reply))
            } else if access?.mutualChap != nil {
                return .failed("target requires mutual CHAP")
            }
            authenticated = true
        }
        // Operational keys may come in the security stage too.
        operational(keys, answer: &answer)
        return .ok
    }

    static let declarative: Set<String> = ["InitiatorName", "TargetName", "SessionType", "InitiatorAlias", "TargetAlias",
                                           "AuthMethod", "CHAP_A", "CHAP_N", "CHAP_R", "CHAP_I", "CHAP_C", "TargetPortalGroupTag"]

    mutating func operational(_ keys: TextParameters, answer: inout TextParameters) {
        for (key, value) in keys.pairs where !Self.declarative.contains(key) {
            switch key {
            case "HeaderDigest", "DataDigest":
                let offered = value.split(separator: ",").map(String.init)
                guard let choice = offered.first(where: { $0 == "None" || $0 == "CRC32C" }) else {
                    answer.append(key, "Reject"); continue
                }
                if key == "HeaderDigest" { parameters.headerDigest = choice == "CRC32C" } else { parameters.dataDigest = choice == "CRC32C" }
                answer.append(key, choice)
            case "MaxRecvDataSegmentLength":
                if let n = Int(value), n >= 512 { parameters.initiatorMaxRecvDataSegmentLength = min(n, 16_777_215) }
                answer.append(key, String(limits.maxRecvDataSegmentLength))
            case "MaxBurstLength":
                let n = min(Int(value) ?? parameters.maxBurstLength, limits.maxBurstLength)
                parameters.maxBurstLength = max(n, 512)
                answer.append(key, String(parameters.maxBurstLength))
            case "FirstBurstLength":
                let n = min(Int(value) ?? parameters.firstBurstLength, limits.firstBurstLength)
                parameters.firstBurstLength = max(n, 512)
                answer.append(key, String(parameters.firstBurstLength))
            case "InitialR2T":
                parameters.initialR2T = value == "Yes"   // OR with our No
                answer.append(key, parameters.initialR2T ? "Yes" : "No")
            case "ImmediateData":
                parameters.immediateData = value == "Yes"   // AND with our Yes
                answer.append(key, parameters.immediateData ? "Yes" : "No")
            case "MaxConnections":
                answer.append(key, "1")
            case "MaxOutstandingR2T":
                parameters.maxOutstandingR2T = 1
                answer.append(key, "1")
            case "ErrorRecoveryLevel":
                parameters.errorRecoveryLevel = 0
                answer.append(key, "0")
            case "DataPDUInOrder", "DataSequenceInOrder":
                answer.append(key, "Yes")
            case "DefaultTime2Wait":
                answer.append(key, String(max(Int(value) ?? 2, 0)))
            case "DefaultTime2Retain":
                answer.append(key, "0")
            case "IFMarker", "OFMarker":
                answer.append(key, "No")
            case "IFMarkInt", "OFMarkInt":
                answer.append(key, "Irrelevant")
            case "TaskReporting":
                answer.append(key, "RFC3720")
            default:
                answer.append(key, "NotUnderstood")
            }
        }
    }

    mutating func response(to request: PDU, status: Status, keys: TextParameters, transit: Bool = false,
                           csg: UInt8? = nil, nsg: UInt8 = 0) -> PDU {
        var pdu = PDU(opcode: .loginResponse, data: keys.encoded)
        let c = csg ?? ((request.header[1] >> 2) & 3)
        pdu.header[1] = (transit ? 0x80 : 0) | (c << 2) | (transit ? nsg : 0)
        pdu.header[2] = 0   // VersionMax
        pdu.header[3] = 0   // VersionActive
        for i in 8..<14 { pdu.header[i] = request.header[i] }   // ISID
        pdu.header[14] = request.header[14]
        pdu.header[15] = request.header[15]
        pdu.initiatorTaskTag = request.initiatorTaskTag
        pdu.setU32(24, statSN)
        statSN &+= 1
        let expCmdSN = request.u32(24)
        pdu.setU32(28, expCmdSN)
        pdu.setU32(32, expCmdSN &+ limits.commandWindow &- 1)
        pdu.header[36] = UInt8(status.rawValue >> 8)
        pdu.header[37] = UInt8(status.rawValue & 0xff)
        return pdu
    }
}
