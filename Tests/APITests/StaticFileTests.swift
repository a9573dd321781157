import Foundation
import Testing

/// The console's files: content types, index.html, and no way out of the web root.
@Suite struct StaticFileTests {
    @Test func servesIndexAndFilesWithTheirContentTypes() async throws {
        try await withServer { server in
            let client = try await server.client()
            let index = try await client.get("/")
            #expect(index.status == 200)
            #expect(index.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(index.text.contains("<title>disklessd</title>"))
            let js = try await client.get("/js/app.js")
            #expect(js.status == 200)
            #expect(js.header("Content-Type")?.hasPrefix("text/javascript") == true)
            #expect(try await client.get("/inside.js").status == 200, "a symlink inside the root is fine")
        }
    }

    @Test func escapeAttemptsAre404() async throws {
        try await withServer { server in
            let client = try await server.client()
            for path in ["/../outside.txt", "/%2e%2e/outside.txt", "/js/%2e%2e/%2e%2e/outside.txt", "/..%2foutside.txt",
                         "/escape.txt", "/.hidden", "/js/../../outside.txt", "/%00", "/nothing.html", "/js/..%5c..%5coutside.txt"] {
                let response = try await client.get(path)
                #expect(response.status == 404, "\(path) answered \(response.status)")
                #expect(!response.text.contains("secret"), "\(path) leaked the file outside the root")
            }
        }
    }
}
