import Foundation
import Logging
import PresetThrift
import TestSupport
import Testing
import ThriftCodec

/// The client Debian's `thrift --gen py` generates from protocol/preset.thrift talks to the real
/// NIO server (fake backend) over buffered and framed transports, strict and non-strict headers.
/// The full tier (`Tests/thrift/run`) does the same against a running disklessd.
@Suite struct PythonClientInteropTests {
    static let idl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("protocol/preset.thrift").path
    static let canRun: Bool = {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/thrift")
            && (try? run("/usr/bin/env", ["python3", "-c", "import thrift"]).status) == 0
    }()

    static func run(_ tool: String, _ args: [String]) throws -> (status: Int32, output: String) {
        let r = try ChildProcess.runBlocking(tool, args)
        return (r.status, r.output)
    }

    /// Runs a blocking subprocess on its own thread: the cooperative pool has only as many
    /// threads as cores (2 here), and the server under test needs them while the client runs.
    static func runOffPool(_ tool: String, _ args: [String]) async throws -> (status: Int32, output: String) {
        try await offPool { try run(tool, args) }
    }

    static let script = """
        import sys
        sys.path.insert(0, sys.argv[1])
        from preset import Preset
        from preset.ttypes import *
        from thrift.transport import TSocket, TTransport
        from thrift.protocol import TBinaryProtocol
        def ser(o):
            b = TTransport.TMemoryBuffer(); o.write(TBinaryProtocol.TBinaryProtocol(b)); return b.getvalue()
        for framed in (False, True):
            for strict in (True, False):
                s = TSocket.TSocket('127.0.0.1', int(sys.argv[2])); s.setTimeout(10000)
                t = TTransport.TFramedTransport(s) if framed else TTransport.TBufferedTransport(s)
                c = Preset.Client(TBinaryProtocol.TBinaryProtocol(t, strictRead=False, strictWrite=strict)); t.open()
                r = c.handleMessage(Message(version=0x01000001, type=33, body=ser(BootMenu(menu='nope', superTube=True)), host='pc01'))
                try:
                    c.handleMessage(Message(version=1, type=77, body=b'', host='pc01')); e = 'none'
                except InvalidMessageType as x:
                    e = x.whatType
                print(framed, strict, c.ping(), r.code, e)
                t.close()
        """

    @Test(.enabled(if: canRun, "needs thrift-compiler (Debian) and the python thrift module (pip install thrift)"))
    func theGeneratedPythonClientIsServed() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thrift-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gen = try Self.run("/usr/bin/thrift", ["--gen", "py", "-out", dir.path, Self.idl])
        #expect(gen.status == 0, "\(gen.output)")
        let scriptPath = dir.appendingPathComponent("client.py").path
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)

        let ports = AsyncStream<Int>.makeStream()
        let server = PresetThriftServer(config: PresetServerConfig(host: "127.0.0.1", port: 0),
                                        dispatcher: PresetDispatcher(backend: FakePresetBackend()),
                                        logger: Logger(label: "test"), onBound: { ports.continuation.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var it = ports.stream.makeAsyncIterator()
            let port = try #require(await it.next())
            let result = try await Self.runOffPool("/usr/bin/env", ["python3", scriptPath, dir.path, String(port)])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output == """
                False True pong 1101 77
                False False pong 1101 77
                True True pong 1101 77
                True False pong 1101 77

                """)
            group.cancelAll()
        }
    }
}
