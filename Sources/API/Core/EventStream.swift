import Domain
import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// Server-Sent Events: one `data: <EventView JSON>` block per event (the same view the events list
/// gives: code, subject name, summary), a comment line every 15 s so
/// proxies and dead peers notice the connection. Ends when the client goes away or the server
/// shuts down gracefully (an open stream must never hold shutdown up).
enum EventStream {
    static let heartbeatSeconds = 15

    /// - Parameter view: builds the event's API view (the list's `EventView`, names looked up).
    static func response(_ events: AsyncStream<Event>,
                         view: @escaping @Sendable (Event) async -> EventView) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        // nginx: do not buffer this response even when proxy_buffering is on.
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        let body = ResponseBody { writer in
            let (lines, sink) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(512))
            let forward = Task {
                for await event in events {
                    guard let data = try? APIJSON.encoder.encode(await view(event)) else { continue }
                    sink.yield("data: \(String(decoding: data, as: UTF8.self))\n\n")
                }
                sink.finish()
            }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(heartbeatSeconds))
                    sink.yield(": keep-alive\n\n")
                }
            }
            defer {
                forward.cancel()
                heartbeat.cancel()
                sink.finish()
            }
            try await writer.write(ByteBuffer(string: ": connected\n\n"))
            try await withGracefulShutdownHandler {
                for await line in lines {
                    try await writer.write(ByteBuffer(string: line))
                }
            } onGracefulShutdown: {
                sink.finish()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
