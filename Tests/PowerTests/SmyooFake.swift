import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

/// The local fake of the Smyoo cloud (`Tests/fakes/smyoo-fake.py`, built from the facts page):
/// the real service is on the internet, which tests never reach. One process per test, on
/// loopback with a port the kernel picks.
final class SmyooFake: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fakes/smyoo-fake.py").path
    static let canRun = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

    let process: ChildDaemon
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the fake and waits (off the cooperative pool) for its `PORT n` line.
    init() async throws {
        let pipe = Pipe()
        process = try ChildDaemon(["/usr/bin/python3", Self.script, "--host", "127.0.0.1", "--port", "0"],
                                  stdout: pipe.fileHandleForWriting.fileDescriptor)
        // Only the child writes now: its end of file is the fake's exit.
        try pipe.fileHandleForWriting.close()
        let handle = pipe.fileHandleForReading
        let line: String = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var text = ""
                while !text.contains("\n") {
                    guard let chunk = PipeReading.read(handle), !chunk.isEmpty else { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }
        }
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.kill()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "smyoo fake did not start: \(line)"])
        }
        self.port = port
    }

    deinit { stop() }

    /// SIGKILL, which no signal mask holds back: the fake never outlives the run.
    func stop() {
        process.kill()
    }

    /// `POST /_control` with `json` (see the script's doc string).
    func control(_ json: String) async throws {
        var request = URLRequest(url: URL(string: baseURL + "/_control")!, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        _ = try await URLSession.shared.data(for: request)
    }

    /// Every call the fake saw: path, body, cookie.
    func calls() async throws -> [[String: Any]] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: baseURL + "/_calls")!)
        return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    }

    func calls(to path: String) async throws -> [[String: Any]] {
        try await calls().filter { $0["path"] as? String == path }
    }

    /// The status (1 on, 0 off) of card `mcuid` as the fake holds it.
    func status(of mcuid: String) async throws -> Int? {
        let (data, _) = try await URLSession.shared.data(from: URL(string: baseURL + "/_cards")!)
        let cards = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
        return cards.first { $0["mcuid"] as? String == mcuid }?["status"] as? Int
    }
}
