import Hummingbird

extension Request {
    /// Decodes the JSON body (at most `APILimits.jsonBodyBytes`). Unlike Hummingbird's
    /// `decode(as:context:)` it keeps the `DecodingError`, so `ErrorMapping` can name the field.
    public func json<T: Decodable>(_ type: T.Type, context: APIContext) async throws -> T {
        try await context.requestDecoder.decode(type, from: self, context: context)
    }
}
