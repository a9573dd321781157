import Foundation

/// A fresh temp directory, removed by the caller.
func makeTempDirectory(_ tag: String, under base: String? = nil) throws -> String {
    let parent = base ?? FileManager.default.temporaryDirectory.path
    let dir = "\(parent)/disklessd-\(tag)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Bytes at `offset` of a file.
func readBytes(_ path: String, offset: UInt64, count: Int) throws -> [UInt8] {
    let h = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    defer { try? h.close() }
    try h.seek(toOffset: offset)
    return Array(try h.read(upToCount: count) ?? Data())
}

func writeBytes(_ path: String, offset: UInt64, _ bytes: [UInt8]) throws {
    let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? h.close() }
    try h.seek(toOffset: offset)
    try h.write(contentsOf: Data(bytes))
}
