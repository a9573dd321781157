import Foundation
import NIOConcurrencyHelpers
import NIOCore
import TestSupport
import Testing
@testable import TFTP

/// The server on loopback against the real clients the acceptance names: curl, tftp-hpa, atftp.
/// Each test skips (with the reason) when its client is not installed.
@Suite(.serialized) struct TFTPRealClientTests {
    let tree = TemporaryTree()
    let out = TemporaryTree()
    let reports = NIOLockedValueBox<[TFTPTransferReport]>([])

    init() throws {
        try tree.write("small.bin", bytes: (0 ..< 70_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 5) })
        try tree.write("exact.bin", bytes: [UInt8](repeating: 0x5A, count: 4096))
        try tree.write("sub/ipxe.efi", bytes: (0 ..< 5000).map { UInt8(truncatingIfNeeded: $0) })
        try tree.symlink("escape", to: "/etc/passwd")
    }

    private func withServer(_ body: (Int) async throws -> Void) async throws {
        let reports = self.reports
        // Every client here is 127.0.0.1: the per-client cap (8 on a LAN) would refuse the
        // parallel-transfer test's real concurrency, so it is raised to the total.
        let limits = TFTPLimits(maxTransfersPerClient: 256)
        let server = TFTPServer(configuration: TFTPServerConfiguration(host: "127.0.0.1", port: 0, rootPath: tree.path,
                                                                       limits: limits),
                                onTransfer: { r in reports.withLockedValue { $0.append(r) } })
        let address = try await server.start()
        do {
            try await body(try #require(address.port))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func same(_ name: String, _ fetched: String) -> Bool {
        guard let a = tree.contents(name), let b = out.contents(fetched) else { return false }
        return a == b
    }

    @Test(.enabled(if: ExternalTool.available("curl"), "curl is not installed"))
    func curlFetchesByteIdenticalFilesWithDefaultAndLargeBlockSizes() async throws {
        try await withServer { port in
            for (name, extra) in [("small.bin", [String]()), ("small.bin", ["--tftp-blksize", "1468"]),
                                  ("exact.bin", []), ("sub/ipxe.efi", ["--tftp-blksize", "1468"])] {
                let target = out.path + "/curl-" + UUID().uuidString
                let r = try await ExternalTool.run("curl", ["-sS", "-o", target] + extra + ["tftp://127.0.0.1:\(port)/\(name)"])
                #expect(r.status == 0, "curl \(name) \(extra): \(r.output)")
                #expect(same(name, URL(fileURLWithPath: target).lastPathComponent), "\(name) \(extra) differs")
            }
        }
        #expect(reports.withLockedValue { $0.filter { if case .completed = $0.outcome { true } else { false } }.count } == 4)
    }

    @Test(.enabled(if: ExternalTool.available("curl"), "curl is not installed"))
    func pathEscapesAndMissingFilesGetTFTPErrorPackets() async throws {
        try await withServer { port in
            // curl exits 68 for TFTP error 1 and 69 for error 2: proof an ERROR packet came back
            // (a timeout would be 28). --path-as-is keeps curl from normalising "..".
            for (path, status): (String, Int32) in [("../etc/passwd", 69), ("/etc/passwd", 69), ("escape", 69),
                                                    ("missing.bin", 68)] {
                let r = try await ExternalTool.run("curl", ["-sS", "--path-as-is", "-o", "/dev/null",
                                                            "tftp://127.0.0.1:\(port)/\(path)"])
                #expect(r.status == status, "curl \(path): \(r.output)")
            }
        }
        #expect(reports.withLockedValue { $0.map(\.outcome) }.allSatisfy { if case .refused = $0 { true } else { false } })
    }

    @Test(.enabled(if: ExternalTool.available("tftp"), "tftp (tftp-hpa) is not installed"))
    func tftpHpaFetchesByteIdentical() async throws {
        try await withServer { port in
            let r = try await ExternalTool.run("tftp", ["-m", "binary", "127.0.0.1", "\(port)", "-c", "get", "small.bin",
                                                        out.path + "/hpa.bin"])
            #expect(same("small.bin", "hpa.bin"), "tftp-hpa: \(r.output)")
            let e = try await ExternalTool.run("tftp", ["-m", "binary", "127.0.0.1", "\(port)", "-c", "get", "../etc/passwd",
                                                        out.path + "/hpa-escape"])
            #expect(e.output.contains("Error code 2"), "tftp-hpa escape: \(e.output)")
        }
    }

    @Test(.enabled(if: ExternalTool.available("atftp"), "atftp is not installed"))
    func atftpWithWindowsizeFetchesByteIdentical() async throws {
        try await withServer { port in
            for name in ["small.bin", "exact.bin"] {
                let r = try await ExternalTool.run("atftp", ["--option", "windowsize 16", "--option", "blksize 1468",
                                                             "-g", "-r", name, "-l", out.path + "/at-" + name,
                                                             "127.0.0.1", "\(port)"])
                #expect(r.status == 0 && same(name, "at-" + name), "atftp \(name): \(r.output)")
            }
        }
    }

    @Test(.enabled(if: ExternalTool.available("curl"), "curl is not installed"))
    func fiftyParallelTransfersAllFinishIdentical() async throws {
        try await withServer { port in
            try await withThrowingTaskGroup(of: (Int, ExternalTool.Result).self) { group in
                for i in 0 ..< 50 {
                    group.addTask {
                        let blksize = i % 2 == 0 ? ["--tftp-blksize", "1468"] : []
                        return (i, try await ExternalTool.run("curl", ["-sS", "-o", out.path + "/par-\(i)"] + blksize
                                                                     + ["tftp://127.0.0.1:\(port)/small.bin"]))
                    }
                }
                for try await (i, r) in group {
                    #expect(r.status == 0 && same("small.bin", "par-\(i)"), "transfer \(i): \(r.output)")
                }
            }
        }
        #expect(reports.withLockedValue { $0.count } == 50)
    }

    @Test(.enabled(if: ExternalTool.available("curl", "atftp"), "curl or atftp is not installed"))
    func aThirtyTwoMebibyteFileCrossesTheBlockNumberRollover() async throws {
        // 32 MiB at the default 512-byte blocks is 65537 blocks: numbers wrap 65535 → 0.
        try tree.write("big.bin", bytes: (0 ..< 32 * 1024 * 1024).map { UInt8(truncatingIfNeeded: $0 >> 9 ^ $0) })
        try await withServer { port in
            let start = Date()
            let r = try await ExternalTool.run("curl", ["-sS", "-o", out.path + "/big", "tftp://127.0.0.1:\(port)/big.bin"])
            print("tftp: 32 MiB, curl blksize 512: \(Date().timeIntervalSince(start)) s")
            #expect(r.status == 0 && same("big.bin", "big"), "curl big: \(r.output)")
            // Throughput numbers for the notes (printed, never asserted).
            for options in [["--option", "blksize 1468"], ["--option", "blksize 1468", "--option", "windowsize 16"]] {
                let t0 = Date()
                let a = try await ExternalTool.run("atftp", options + ["-g", "-r", "big.bin", "-l", out.path + "/big-at",
                                                                       "127.0.0.1", "\(port)"])
                let seconds = Date().timeIntervalSince(t0)
                print("tftp: 32 MiB, atftp \(options.joined(separator: " ")): \(seconds) s, \(32 / seconds) MiB/s")
                #expect(a.status == 0 && same("big.bin", "big-at"), "atftp big: \(a.output)")
            }
        }
    }
}
