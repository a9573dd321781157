import Domain
import Foundation

/// The Smyoo cloud calls as the prototype made them (shared/protocol/smyoo.md): every call is a
/// `POST <base>/<path>` of a JSON body that carries the app identity, answered by
/// `{"resultCode": 0, "resultMsg": "…", "data": {…}}`. Pure: builds bodies, reads answers.
public enum SmyooAPI {
    public static let login = "v1/account/synloginopen"
    public static let ticket = "api/gfriend/synloginticket"
    public static let queryDevices = "api/gfriend/querydevices"
    public static let setDeviceData = "api/gfriend/setdevicedata"

    /// The identity fields of the prototype's app; `context` is sent on every call but the first.
    static func identity(withContext: Bool) -> [String: Any] {
        var body: [String: Any] = ["appId": 1314, "endpointOS": 1, "clientVersion": "",
                                   "deviceId": "D6AB6C159B1FE1F8EF33109CDEE0D9AD"]
        if withContext { body["context"] = "A3C64845E49049BF8EA4027B6828CEF1" }
        return body
    }

    /// The JSON body of a call to `path` with `fields` (sorted keys, so bodies are comparable).
    public static func body(_ path: String, _ fields: [String: Any] = [:]) -> Data {
        var body = identity(withContext: path != login)
        for (k, v) in fields { body[k] = v }
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    static func loginFields(phone: String, password: String) -> [String: Any] {
        ["areaId": 0, "phone": phone, "password": password, "autologin": "true",
         "client_id": "86921651", "client_secret": "C0A53D2EFF2E4B418BB6B66A0F575EC5"]
    }

    /// `setdevicedata`: `datapoint` is itself a JSON string, `{"status":1}` on, `{"status":0}` off.
    static func switchFields(mcuid: String, on: Bool) -> [String: Any] {
        ["mcuid": mcuid, "datatype": 1, "datapoint": on ? "{\"status\":1}" : "{\"status\":0}"]
    }

    /// One decoded answer.
    public struct Answer: @unchecked Sendable {
        public var code: Int
        public var message: String
        /// `data`, when it is an object (or a JSON string holding one).
        public var data: [String: Any]
    }

    /// Why an answer could not be read.
    public enum AnswerError: Error, Equatable {
        case notJSON(String)
        case noResultCode
    }

    /// Decodes an answer body. `resultCode` may be a number or a numeric string.
    public static func answer(_ bytes: Data) throws(AnswerError) -> Answer {
        guard let parsed = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]),
              let root = parsed as? [String: Any] else {
            throw .notJSON(String(decoding: bytes.prefix(120), as: UTF8.self))
        }
        guard let code = int(root["resultCode"]) else { throw .noResultCode }
        let message = (root["resultMsg"] as? String) ?? ""
        return Answer(code: code, message: message, data: object(root["data"]) ?? [:])
    }

    /// The cards of a `querydevices` answer: `data.mcuinfos` is a JSON string holding a list
    /// (a plain list is accepted too), and each card's `datapoint` is another JSON string.
    public static func cards(_ data: [String: Any]) throws(AnswerError) -> [SmyooCard] {
        guard let raw = data["mcuinfos"] else { return [] }
        let list: [Any]
        if let text = raw as? String {
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
                throw .notJSON("mcuinfos: " + String(text.prefix(120)))
            }
            list = parsed
        } else if let plain = raw as? [Any] {
            list = plain
        } else {
            throw .notJSON("mcuinfos is neither a list nor a JSON string")
        }
        return list.compactMap { item -> SmyooCard? in
            guard let card = item as? [String: Any], let id = string(card["mcuid"]), !id.isEmpty else { return nil }
            let status = object(card["datapoint"]).flatMap { int($0["status"]) }
            return SmyooCard(mcuid: id, name: string(card["mcuname"]) ?? "", note: string(card["note"]) ?? "",
                             online: (int(card["isonline"]) ?? 0) != 0, status: status)
        }
    }

    /// An object, or a JSON string holding one.
    static func object(_ value: Any?) -> [String: Any]? {
        if let dict = value as? [String: Any] { return dict }
        if let text = value as? String, let data = text.data(using: .utf8) {
            return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        }
        return nil
    }

    static func int(_ value: Any?) -> Int? {
        switch value {
        case let n as NSNumber: n.intValue
        case let s as String: Int(s.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: nil
        }
    }
}

/// One power card as `querydevices` lists it.
public struct SmyooCard: Sendable, Hashable {
    public var mcuid: String
    /// The name set in the Smyoo app; the prototype matched it to the host name.
    public var name: String
    public var note: String
    public var online: Bool
    /// `datapoint.status`: 1 on, 0 off, nil when the card did not say.
    public var status: Int?

    public init(mcuid: String, name: String, note: String, online: Bool, status: Int?) {
        self.mcuid = mcuid
        self.name = name
        self.note = note
        self.online = online
        self.status = status
    }

    /// The card's state as a power driver reports it.
    public var state: PowerState {
        switch status {
        case 1?: .on
        case 0?: .off
        default: .unknown
        }
    }
}
