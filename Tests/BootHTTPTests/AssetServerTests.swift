import BootHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Assets over a live HTTP server (real sockets, Hummingbird's file I/O) from a temporary root.
@Suite struct AssetServerTests {
    static func makeRoot() throws -> (URL, Data) {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("assets-\(UUID().uuidString)")
        let root = tmp.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("winpe"), withIntermediateDirectories: true)
        // 4 MiB of a pattern that differs at every offset mod 251 (a prime), so a shifted range shows.
        let data = Data((0..<(4 << 20)).map { UInt8($0 % 251) })
        try data.write(to: root.appendingPathComponent("winpe/boot.wim"))
        try Data("outside".utf8).write(to: tmp.appendingPathComponent("secret"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape").path,
                                                   withDestinationPath: tmp.appendingPathComponent("secret").path)
        return (root, data)
    }

    static func app(root: URL, listing: Bool) -> some ApplicationProtocol {
        let router = Router()
        let assets = AssetServer(config: { (root.path, listing) })
        router.get("assets/**") { request, context in
            try await assets.respond(to: request, relative: context.parameters.getCatchAll().joined(separator: "/")
                .removingPercentEncoding ?? "", context: context)
        }
        return Application(router: router)
    }

    @Test func wholeFileAndRangesAreByteIdentical() async throws {
        let (root, data) = try Self.makeRoot()
        try await Self.app(root: root, listing: false).test(.live) { client in
            try await client.execute(uri: "/assets/winpe/boot.wim", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == String(data.count))
                #expect(Data(response.body.readableBytesView) == data)
            }
            for (header, range) in [("bytes=0-99", 0...99), ("bytes=1000000-1999999", 1_000_000...1_999_999),
                                    ("bytes=-5", (data.count - 5)...(data.count - 1))] {
                try await client.execute(uri: "/assets/winpe/boot.wim", method: .get, headers: [.range: header]) { response in
                    #expect(response.status == .partialContent)
                    #expect(response.headers[.contentRange] == "bytes \(range.lowerBound)-\(range.upperBound)/\(data.count)")
                    #expect(Data(response.body.readableBytesView) == data[range])
                }
            }
            try await client.execute(uri: "/assets/winpe/boot.wim", method: .get, headers: [.range: "bytes=\(data.count)-"]) { response in
                #expect(response.status == .rangeNotSatisfiable)
                #expect(response.headers[.contentRange] == "bytes */\(data.count)")
            }
        }
    }

    @Test func escapesAreNotFound() async throws {
        let (root, _) = try Self.makeRoot()
        try await Self.app(root: root, listing: true).test(.live) { client in
            for uri in ["/assets/escape", "/assets/%2e%2e/secret", "/assets/winpe/%2e%2e/%2e%2e/secret", "/assets/missing"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
        }
    }

    @Test func directoryListingOnlyWhenEnabled() async throws {
        let (root, _) = try Self.makeRoot()
        try await Self.app(root: root, listing: true).test(.live) { client in
            try await client.execute(uri: "/assets/winpe/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<a href=\"/assets/winpe/boot.wim\">boot.wim</a>"))
            }
        }
        try await Self.app(root: root, listing: false).test(.live) { client in
            try await client.execute(uri: "/assets/winpe/", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
