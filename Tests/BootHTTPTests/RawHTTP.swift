import Foundation
import TestSupport

/// One HTTP/1.1 exchange over a plain TCP socket: `requests` go out in a single write, responses
/// are read until the server closes (the last request should say `Connection: close`). The
/// blocking socket runs on a thread of its own, never on the cooperative pool.
enum RawHTTP {
    struct Response: Equatable {
        var status: Int
        /// Header lines as sent, in order (name and value), without `Date`.
        var headers: [String]
        var date: String?
        var body: String

        /// Everything but the `Date` header.
        var undated: Response {
            var copy = self
            copy.date = nil
            return copy
        }
    }

    static func exchange(port: Int, _ requests: [String]) async throws -> [Response] {
        let bytes: Data = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingExchange(port: port, Data(requests.joined().utf8)) })
            }
        }
        return try parse(bytes)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func blockingExchange(port: Int, _ request: Data) throws -> Data {
        let fd = try connectLoopback(port: port, receiveTimeoutSeconds: 20)
        defer { close(fd) }
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { throw Failure(description: "send: \(sent) of \(request.count)") }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { received.append(contentsOf: buffer[0..<n]); continue }
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw Failure(description: "recv: errno \(errno) after \(received.count) bytes") }
            return received
        }
    }

    /// Splits a stream of responses (each with Content-Length) into responses.
    static func parse(_ data: Data) throws -> [Response] {
        var rest = Substring(String(decoding: data, as: UTF8.self))
        var responses: [Response] = []
        while !rest.isEmpty {
            guard let end = rest.range(of: "\r\n\r\n") else { throw Failure(description: "incomplete head: \(rest.prefix(200))") }
            let lines = rest[..<end.lowerBound].components(separatedBy: "\r\n")
            rest = rest[end.upperBound...]
            guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
                throw Failure(description: "bad status line: \(lines.first ?? "")")
            }
            var response = Response(status: status, headers: [], date: nil, body: "")
            var length = 0
            for line in lines.dropFirst() {
                let (name, value) = (line.prefix { $0 != ":" }, line.drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces))
                switch name.lowercased() {
                case "date": response.date = value
                case "content-length": length = Int(value) ?? 0; response.headers.append(line)
                default: response.headers.append(line)
                }
            }
            let body = rest.utf8.prefix(length)
            response.body = String(decoding: body, as: UTF8.self)
            rest = Substring(rest.utf8.dropFirst(length)) ?? ""
            responses.append(response)
        }
        return responses
    }

    /// `GET path` as HTTP/1.1, optionally closing and with extra header lines.
    static func get(_ path: String, close: Bool = false, headers: [String] = []) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers.map { $0 + "\r\n" }.joined()
            + (close ? "Connection: close\r\n" : "") + "\r\n"
    }
}

extension RawHTTP {
    /// A kept-alive connection driven step by step on a thread of its own: `requests` are sent
    /// one at a time, `pause` apart, each after the previous answer arrived; then it waits for the
    /// server to close. Returns the status of each answer and the seconds from the last answer to
    /// the close (nil when the server had not closed after 20 s).
    static func paced(port: Int, _ requests: [String], pause: Double) async throws -> (statuses: [Int], closedAfter: Double?) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingPaced(port: port, requests, pause: pause) })
            }
        }
    }

    private static func blockingPaced(port: Int, _ requests: [String], pause: Double) throws -> ([Int], Double?) {
        let fd = try connectLoopback(port: port, receiveTimeoutSeconds: 20)
        defer { close(fd) }
        var statuses: [Int] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        for (index, request) in requests.enumerated() {
            if index > 0 { Thread.sleep(forTimeInterval: pause) }
            let bytes = Array(request.utf8)
            guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw Failure(description: "send: errno \(errno)") }
            var received = Data()
            while (try? parse(received))?.count != 1 {   // one whole answer
                let n = recv(fd, &buffer, buffer.count, 0)
                guard n > 0 else { throw Failure(description: "recv \(n), errno \(errno), after \(statuses.count) answers") }
                received.append(contentsOf: buffer[0..<n])
            }
            statuses.append(try parse(received)[0].status)
        }
        let start = Date()
        let n = recv(fd, &buffer, buffer.count, 0)
        return (statuses, n == 0 ? Date().timeIntervalSince(start) : nil)
    }
}
