import Hummingbird
import Services

/// What the HTTP layer itself rejects, before a service sees the request.
public enum APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body is not JSON (or not UTF-8 CSV); the detail says what was wrong.
    case malformedBody(String)
    /// No or invalid credentials.
    case unauthenticated(String)
    /// A cookie-authenticated write without the matching `X-CSRF-Token` header.
    case csrfMismatch
    /// The caller's role may not do this.
    case forbidden(String)
    /// A path parameter names nothing that exists: the code says of which kind (`machine.notFound`).
    case notFound(ErrorCode, String)
    /// The `If-Match` header does not hold the resource's current ETag.
    case preconditionFailed(String)
    /// The body is larger than the route accepts.
    case tooLarge(limit: Int)
    case unsupportedMediaType(String)
    /// An error whose kind the route knows: the status is the code's (`ErrorCode.status`), e.g.
    /// a power device that failed (502) or a machine without a power device (409).
    case coded(ErrorCode, String)

    public var description: String {
        switch self {
        case .malformedBody(let why): "malformed request body: \(why)"
        case .unauthenticated(let why): why
        case .csrfMismatch: "missing or wrong X-CSRF-Token header for a cookie-authenticated write"
        case .forbidden(let why): why
        case .notFound(_, let what): what
        case .preconditionFailed(let why): why
        case .tooLarge(let limit): "request body is larger than \(limit) bytes"
        case .unsupportedMediaType(let why): why
        case .coded(_, let why): why
        }
    }
}
