import Domain
import Hummingbird
import Logging
import Services

/// The one place that turns any error into an HTTP problem response.
///
/// Bad input is never a 500: validation → 422 naming the fields, a body that is not JSON → 400,
/// JSON of the wrong shape → 422 naming the field from the decoder's coding path. Only errors
/// nobody expected become 500, and those are logged. Every problem carries a stable `code`
/// (`ErrorCode`).
public enum ErrorMapping {
    public static func response(for error: any Error, request: Request, logger: Logger) -> Response {
        switch error {
        case let error as APIError:
            var headers = HTTPFields()
            // RFC 9110: a 401 names the scheme it accepts (the cookie is the console's business).
            if case .unauthenticated = error { headers[.wwwAuthenticate] = "Bearer realm=\"disklessd\"" }
            return problem(for: error).response(headers: headers)
        case let error as ServiceError:
            return problem(for: error, request: request, logger: logger)
        case let error as BulkRefused:
            return Problem(status: .unprocessableContent, code: .bulkInvalid, detail: error.description,
                           results: error.failures).response()
        case let error as ValidationError:
            return Problem(status: .unprocessableContent, code: .validationField, detail: "the request has invalid fields",
                           errors: error.errors).response()
        case let error as DecodingError:
            if error.isSyntaxError {
                return Problem(status: .badRequest, code: .requestMalformed, detail: "the body is not valid JSON").response()
            }
            let field = error.fieldPath
            return Problem(status: .unprocessableContent, code: .validationField,
                           detail: "field \(field.isEmpty ? "(body)" : field) \(error.fieldMessage)",
                           errors: [FieldError(field: field, message: error.fieldMessage)]).response()
        case let error as DriverError:
            // A storage or target driver that cannot act: the host's state (no tgtd, no configfs, a
            // volume missing or busy) conflicts with the request. 409 with the driver's words, so
            // the operator sees what to fix; the reconciler repairs volumes on its next run.
            logger.warning("driver error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return Problem(status: .conflict, code: error.code, detail: "\(error)").response()
        case let error as HTTPError:
            return Problem(status: error.status, code: code(of: error.status), detail: httpDetail(error, request: request))
                .response(headers: error.headers)
        case let error as any HTTPResponseError:
            return Problem(status: error.status, code: code(of: error.status), detail: "\(error)").response()
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))",
                                                        "path": "\(request.uri.path)", "method": "\(request.method)"])
            return Problem(status: .internalServerError, code: .internal, detail: "internal error; see the server log").response()
        }
    }

    /// ServiceError → status. `.internal` is the service saying "a bug or a broken database": logged, 500.
    static func problem(for error: ServiceError, request: Request, logger: Logger) -> Response {
        let code = error.code
        switch error {
        case .validation(let v):
            return Problem(status: .unprocessableContent, code: code, detail: "the request has invalid fields", errors: v.errors).response()
        case .notFound:
            return Problem(status: .notFound, code: code, detail: error.description).response()
        case .conflict:
            return Problem(status: .conflict, code: code, detail: error.description).response()
        case .preconditionFailed:
            return Problem(status: .preconditionFailed, code: code, detail: error.description).response()
        case .unauthorized:
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Bearer realm=\"disklessd\""
            return Problem(status: .unauthorized, code: code, detail: "invalid credentials").response(headers: headers)
        case .forbidden:
            return Problem(status: .forbidden, code: code, detail: error.description).response()
        case .rateLimited(let seconds):
            var headers = HTTPFields()
            headers[.retryAfter] = String(max(1, seconds))
            return Problem(status: .tooManyRequests, code: code, detail: error.description).response(headers: headers)
        case .unavailable:
            return Problem(status: .serviceUnavailable, code: code, detail: error.description).response()
        case .internal(let why):
            logger.error("service error", metadata: ["error": "\(why)", "path": "\(request.uri.path)", "method": "\(request.method)"])
            return Problem(status: .internalServerError, code: code, detail: "internal error; see the server log").response()
        }
    }

    static func problem(for error: APIError) -> Problem {
        switch error {
        case .malformedBody: Problem(status: .badRequest, code: .requestMalformed, detail: error.description)
        case .unauthenticated: Problem(status: .unauthorized, code: .authRequired, detail: error.description)
        case .csrfMismatch: Problem(status: .forbidden, code: .authCSRF, detail: error.description)
        case .forbidden: Problem(status: .forbidden, code: .authForbidden, detail: error.description)
        case .notFound(let code, _): Problem(status: .notFound, code: code, detail: error.description)
        case .preconditionFailed: Problem(status: .preconditionFailed, code: .revisionStale, detail: error.description)
        case .tooLarge: Problem(status: .contentTooLarge, code: .requestTooLarge, detail: error.description)
        case .unsupportedMediaType: Problem(status: .unsupportedMediaType, code: .requestMediaType, detail: error.description)
        case .coded(let code, _): Problem(status: HTTPResponse.Status(code: code.status), code: code, detail: error.description)
        }
    }

    /// The code of an error Hummingbird raised itself (no route, body too large …).
    static func code(of status: HTTPResponse.Status) -> ErrorCode {
        switch status.code {
        case 400: .requestMalformed
        case 401: .authRequired
        case 403: .authForbidden
        case 404: .routeNotFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 412: .revisionStale
        case 413: .requestTooLarge
        case 415: .requestMediaType
        case 422: .validationField
        case 429: .rateLimited
        case 500: .internal
        default: status.code >= 500 ? .unavailable : .conflict
        }
    }

    static func httpDetail(_ error: HTTPError, request: Request) -> String {
        if let body = error.body, !body.isEmpty { return body }
        switch error.status {
        case .notFound: return "no route for \(request.method) \(request.uri.path.prefix(200))"
        case .contentTooLarge: return "request body is too large"
        case .methodNotAllowed: return "method \(request.method) is not allowed here"
        default: return error.status.reasonPhrase.lowercased()
        }
    }
}
