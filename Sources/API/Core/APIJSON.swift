import Foundation
import Hummingbird

/// The one JSON configuration of the API: ISO 8601 dates, stable key order.
public enum APIJSON {
    /// Encoder for every response body.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Decoder for every request body.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// A JSON response with an optional status and extra headers (ETag, Location).
    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok,
                                headers extra: HTTPFields = [:]) throws -> Response {
        let data = try encoder.encode(value)
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(data.count)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A `text/plain` response (previews of generated scripts and configs).
    public static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        let bytes = ByteBuffer(string: text)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(bytes.readableBytes)
        return Response(status: status, headers: headers, body: .init(byteBuffer: bytes))
    }

    /// 204 No Content.
    public static func noContent() -> Response { Response(status: .noContent) }
}
