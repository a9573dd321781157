import NIOCore

/// The fast path's responses as the bytes Hummingbird would send for the same `Response`
/// (status line, the route's headers in order, Hummingbird's `Date` last, body), written in one
/// buffer: no HTTP types, no encoder, one write. `FastPathTests` holds them byte for byte to the
/// router's answers.
enum FastResponseBytes {
    /// 200 with a boot script (`BootRoutes.script`'s headers).
    static func script(_ body: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        var out = allocator.buffer(capacity: 160 + body.count)
        out.writeStaticString("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ")
        out.writeString(String(body.count))
        out.writeStaticString("\r\nCache-Control: no-store\r\nDate: ")
        out.writeString(HTTPDate.now)
        out.writeStaticString("\r\n\r\n")
        out.writeBytes(body)
        return out
    }

    /// A short text answer (`AssetServer.text`'s headers), with `Retry-After: 1` for a 429.
    static func text(_ statusLine: StaticString, _ body: String, retryAfter: Bool = false, allocator: ByteBufferAllocator) -> ByteBuffer {
        var out = allocator.buffer(capacity: 200 + body.utf8.count)
        out.writeStaticString(statusLine)
        out.writeStaticString("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ")
        out.writeString(String(body.utf8.count))
        if retryAfter { out.writeStaticString("\r\nRetry-After: 1") }
        out.writeStaticString("\r\nDate: ")
        out.writeString(HTTPDate.now)
        out.writeStaticString("\r\n\r\n")
        out.writeString(body)
        return out
    }

    static let tooManyRequests: StaticString = "HTTP/1.1 429 Too Many Requests"
    static let uriTooLong: StaticString = "HTTP/1.1 414 URI Too Long"
}
