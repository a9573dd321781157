import Domain
import Foundation
import Hummingbird
import Services

/// An RFC 9457 problem document: the body of every error the API answers.
///
/// `type` is `about:blank` (the status says what kind of problem it is); `code` is the stable
/// `ErrorCode` a client maps to its own words; `errors` names each rejected field with a JSON path
/// (`mac`, `dhcp.rangeStart`, `lines[3].ip`); `results` is a refused bulk action's per-machine report.
public struct Problem: Codable, Sendable, Hashable {
    public var type: String
    public var title: String
    public var status: Int
    public var code: String
    public var detail: String
    public var errors: [FieldError]
    public var results: [BulkItemResult]?

    public init(status: HTTPResponse.Status, code: ErrorCode, detail: String, errors: [FieldError] = [],
                results: [BulkItemResult]? = nil) {
        self.type = "about:blank"
        self.title = status.reasonPhrase.isEmpty ? "Error" : status.reasonPhrase
        self.status = status.code
        self.code = code.rawValue
        self.detail = detail
        self.errors = errors
        self.results = results
    }

    /// The problem as an HTTP response with `Content-Type: application/problem+json`.
    public func response(headers extra: HTTPFields = [:]) -> Response {
        let data = (try? APIJSON.encoder.encode(self)) ?? Data("{}".utf8)
        var headers = extra
        headers[.contentType] = "application/problem+json"
        headers[.contentLength] = String(data.count)
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
