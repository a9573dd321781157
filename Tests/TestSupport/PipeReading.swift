import Foundation
import Glibc

/// Reads from a pipe with read(2), retrying EINTR. Foundation's `readDataToEndOfFile()` and
/// `availableData` end the process (`try!` inside) when a signal interrupts the read, which a
/// unit run hit once under load.
public enum PipeReading {
    /// Everything until end of file.
    public static func readToEnd(_ handle: FileHandle) -> Data {
        var data = Data()
        while let chunk = read(handle), !chunk.isEmpty { data.append(chunk) }
        return data
    }

    /// What one read returns (empty at end of file), or nil on an error other than EINTR.
    public static func read(_ handle: FileHandle, upTo count: Int = 65536) -> Data? {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, count) }
            if n >= 0 { return Data(buffer[0..<n]) }
            if errno != EINTR { return nil }
        }
    }
}
