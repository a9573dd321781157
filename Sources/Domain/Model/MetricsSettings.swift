/// Who may scrape `GET /metrics` (Prometheus text exposition).
public enum MetricsAccess: String, Codable, Sendable, CaseIterable {
    /// Nobody: `/metrics` answers 403.
    case off
    /// A scraper that sends `Authorization: Bearer <metrics.token>`.
    case token
    /// A scraper connecting from one of `metrics.allowedAddresses`.
    case addresses
}

public struct MetricsSettings: Codable, Sendable, Hashable {
    public var access: MetricsAccess
    /// access == token: the bearer token (16 to 256 printable characters). Only admins read it
    /// back; a PUT with an empty token keeps the stored one.
    public var token: String
    /// access == addresses: scrapers' IPv4 addresses (at most 64).
    public var allowedAddresses: [IPv4Address]

    public init(access: MetricsAccess = .off, token: String = "", allowedAddresses: [IPv4Address] = []) {
        self.access = access
        self.token = token
        self.allowedAddresses = allowedAddresses
    }
}

extension MetricsSettings {
    /// `token` and `allowedAddresses` may be left out (empty); `access` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(access: try c.decode(MetricsAccess.self, forKey: .access),
                  token: try c.decodeIfPresent(String.self, forKey: .token) ?? "",
                  allowedAddresses: try c.decodeIfPresent([IPv4Address].self, forKey: .allowedAddresses) ?? [])
    }

    private enum CodingKeys: String, CodingKey { case access, token, allowedAddresses }
}
