import Domain
import Foundation
import Store

/// The one error of the service layer. Doors map it in one function each: REST (422, 404, 409,
/// 412, 401, 403, 429, 503, 500) and Thrift result codes.
public enum ServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Input was rejected; every bad field is named (JSON path such as `power.webhookURL`).
    case validation(ValidationError)
    /// No such resource: the code says of which kind (`machine.notFound`), the text names it (`machine 12`).
    case notFound(ErrorCode, String)
    /// The change collides with existing data: the code says how (`machine.nameTaken`, `image.inUse`),
    /// the text names the users.
    case conflict(ErrorCode, String)
    /// An `If-Match` revision did not match the stored one.
    case preconditionFailed(String)
    /// No or invalid credentials.
    case unauthorized
    /// Authenticated but not allowed; the text says what is missing.
    case forbidden(String)
    /// Too many failed attempts; try again after the given seconds.
    case rateLimited(retryAfterSeconds: Int)
    /// A part the request needs is not available here (no target driver, agent down …).
    case unavailable(String)
    /// A bug or a broken database; details are logged, the text is safe to show.
    case `internal`(String)

    public var description: String {
        switch self {
        case .validation(let e): "invalid input: \(e.description)"
        case .notFound(_, let what): "\(what) not found"
        case .conflict(_, let why): why
        case .preconditionFailed(let why): why
        case .unauthorized: "authentication required"
        case .forbidden(let why): why
        case .rateLimited(let seconds): "too many attempts: try again in \(seconds) s"
        case .unavailable(let why): why
        case .internal(let why): "internal error: \(why)"
        }
    }

    /// A validation error for one field.
    public static func invalid(_ field: String, _ message: String) -> ServiceError {
        .validation(ValidationError(field: field, message))
    }

    /// Wraps any error thrown inside a service as a `ServiceError`.
    static func wrap(_ error: any Error) -> ServiceError {
        switch error {
        case let e as ServiceError: return e
        case let e as ValidationError: return .validation(e)
        case let e as StoreError:
            switch e {
            case .unique(let table, let column): return .conflict(.conflict, "\(singular(table)) \(column) already exists")
            case .foreignKey(let message): return .conflict(.conflict, "still referenced: \(message)")
            case .constraint(let message): return .internal(message)
            case .corrupt(let message): return .internal(message)
            case .database(let message): return .unavailable("database: \(message)")
            }
        case is CancellationError: return .unavailable("cancelled")
        default: return .internal("\(error)")
        }
    }

    private static func singular(_ table: String) -> String {
        switch table {
        case "machines": "machine"
        case "images": "image"
        case "boot_items": "boot item"
        case "users": "user"
        case "api_tokens": "token"
        default: table
        }
    }
}
