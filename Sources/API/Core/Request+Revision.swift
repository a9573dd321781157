import Foundation
import Hummingbird

extension Request {
    /// The revision an `If-Match` header asks for: nil when absent or `*`.
    /// A value that is not one of our ETags (`"<n>"`, optionally weak) can never match: 412.
    public func expectedRevision() throws -> Int64? {
        guard let header = headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), !header.isEmpty, header != "*" else {
            return nil
        }
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag.count >= 3, tag.first == "\"", tag.last == "\"", let n = Int64(tag.dropFirst().dropLast()) {
                return n
            }
        }
        throw APIError.preconditionFailed("If-Match \(header) does not name a revision of this resource")
    }
}

extension HTTPFields {
    /// Headers holding `ETag: "<revision>"`.
    public static func etag(_ revision: Int64) -> HTTPFields {
        var fields = HTTPFields()
        fields[.eTag] = "\"\(revision)\""
        return fields
    }
}
