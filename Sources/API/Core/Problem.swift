import Domain
import Foundation
import Hummingbird

/// An RFC 9457 problem document: the body of every error the API answers.
///
/// `type` is `about:blank` (the status says what kind of problem it is); `errors` names each
/// rejected field with a JSON path (`mac`, `dhcp.rangeStart`, `lines[3].ip`).
public struct Problem: Codable, Sendable, Hashable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var errors: [FieldError]

    public init(status: HTTPResponse.Status, detail: String, errors: [FieldError] = []) {
        self.type = "about:blank"
        self.title = status.reasonPhrase.isEmpty ? "Error" : status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.errors = errors
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
