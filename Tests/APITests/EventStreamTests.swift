import Foundation
import Testing

/// `GET /api/v1/events/stream` delivers events as they happen.
@Suite struct EventStreamTests {
    @Test func streamDeliversANewEvent() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let created = try await client.post("/api/v1/tokens", ["name": "stream"])
            let token = try #require(created.json["token"] as? String)

            let socket = try RawSocket(port: server.port)
            try socket.send("GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n")
            let head = await socket.read { $0.contains(": connected") }
            #expect(head.hasPrefix("HTTP/1.1 200"))
            #expect(head.lowercased().contains("content-type: text/event-stream"))

            let machine = try await client.post("/api/v1/machines", ["name": "pc-sse", "mac": "52:54:00:00:00:99"])
            #expect(machine.status == 201)
            let stream = await socket.read { $0.contains("machine.create") && $0.contains("\"summary\"") }
            #expect(stream.contains("data: {"))
            #expect(stream.contains("\"action\":\"machine.create\""))
            // The same view as the events list: code, the subject's name, summary.
            #expect(stream.contains("\"code\":\"machine.create\""))
            #expect(stream.contains("\"subjectName\":\"pc-sse\""))

            // Graceful shutdown ends open streams instead of waiting for them forever.
            await server.stop()
            #expect(await socket.closesByPeer())
        }
    }
}
