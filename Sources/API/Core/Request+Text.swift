import Foundation
import Hummingbird

extension Request {
    /// The body as UTF-8 text, at most `limit` bytes, when its Content-Type is one of `accepting`
    /// (media type only, parameters ignored; a missing Content-Type is accepted).
    public func text(limit: Int, accepting types: [String]) async throws -> String {
        let buffer = try await bytes(limit: limit, accepting: types)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIError.malformedBody("the body is not UTF-8 text")
        }
        return text
    }

    /// The body, at most `limit` bytes, when its Content-Type is one of `accepting` (media type
    /// only, parameters ignored; a missing Content-Type is accepted).
    public func bytes(limit: Int, accepting types: [String]) async throws -> ByteBuffer {
        if let contentType = headers[.contentType] {
            let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard types.contains(media) else {
                throw APIError.unsupportedMediaType("content type \(media) is not accepted here; send \(types.joined(separator: " or "))")
            }
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.tooLarge(limit: limit)
        }
        return buffer
    }
}
