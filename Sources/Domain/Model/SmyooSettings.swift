/// The café owner's Smyoo account (phone number + password) and the cloud's base URL.
///
/// The password is a secret: the REST door never shows it (`redacted()`), only `passwordSet`;
/// a document sent without `password` keeps the stored one, an empty `password` clears it.
public struct SmyooSettings: Codable, Sendable, Hashable {
    /// `https://auth.smyoo.com` in production; tests point it at a local fake.
    public var baseURL: String
    /// The account's phone number; empty = no account (the `smyoo` driver is unavailable).
    public var phone: String
    /// Write-only; nil on the way in keeps the stored password, nil on the way out hides it.
    public var password: String?
    /// Read-only: a password is stored. Ignored on input.
    public var passwordSet: Bool

    public static let defaultBaseURL = "https://auth.smyoo.com"

    public init(baseURL: String = SmyooSettings.defaultBaseURL, phone: String = "", password: String? = nil) {
        self.baseURL = baseURL
        self.phone = phone
        self.password = password
        self.passwordSet = password != nil
    }

    enum CodingKeys: String, CodingKey { case baseURL, phone, password, passwordSet }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(baseURL: try c.decodeIfPresent(String.self, forKey: .baseURL) ?? Self.defaultBaseURL,
                  phone: try c.decodeIfPresent(String.self, forKey: .phone) ?? "",
                  password: try c.decodeIfPresent(String.self, forKey: .password))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(baseURL, forKey: .baseURL)
        try c.encode(phone, forKey: .phone)
        try c.encodeIfPresent(password, forKey: .password)
        try c.encode(password != nil || passwordSet, forKey: .passwordSet)
    }

    /// The same settings without the password, as clients may see them.
    public func redacted() -> SmyooSettings {
        var copy = self
        copy.passwordSet = password != nil || passwordSet
        copy.password = nil
        return copy
    }

    /// `self` as sent by a client, over `stored`: a missing password keeps the stored one, an
    /// empty one removes it.
    public func keepingSecret(of stored: SmyooSettings) -> SmyooSettings {
        var copy = self
        switch password {
        case nil: copy.password = stored.password
        case ""?: copy.password = nil
        default: break
        }
        copy.passwordSet = copy.password != nil
        return copy
    }
}

extension Settings {
    /// The document as the REST door shows it: secrets removed.
    public func redacted() -> Settings {
        var copy = self
        copy.power.smyoo = power.smyoo.redacted()
        return copy
    }
}
