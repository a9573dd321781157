/// Errors of the TFTP module. Each one knows the TFTP error packet it becomes on the wire.
public enum TFTPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The requested name is not a plain relative path inside the root (`..`, absolute, NUL...).
    case invalidFileName(String)
    /// The name resolves outside the root (a symlink pointing out of it).
    case outsideRoot(String)
    case fileNotFound(String)
    /// Not a regular file (a directory, a device) or not readable.
    case notReadable(String)
    /// The root directory itself is missing or unusable.
    case invalidRoot(String)
    /// A mode other than octet or netascii.
    case unsupportedMode(String)
    /// Binding or reading failed; the message says what with which value.
    case io(String)

    public var description: String {
        switch self {
        case .invalidFileName(let name): "invalid file name \(name.debugDescription)"
        case .outsideRoot(let name): "file name \(name.debugDescription) leaves the tftp root"
        case .fileNotFound(let name): "file \(name.debugDescription) not found"
        case .notReadable(let name): "file \(name.debugDescription) is not a readable regular file"
        case .invalidRoot(let path): "tftp root \(path.debugDescription) is not a directory"
        case .unsupportedMode(let mode): "transfer mode \(mode.debugDescription) is not supported"
        case .io(let message): message
        }
    }

    /// The error packet sent to the client. Confinement failures are "access violation" and say
    /// no more than that, so a probe learns nothing about the server's file system.
    public var packet: TFTPPacket {
        switch self {
        case .invalidFileName, .outsideRoot: .error(code: .accessViolation, message: "access violation")
        case .fileNotFound: .error(code: .fileNotFound, message: "file not found")
        case .notReadable: .error(code: .accessViolation, message: "not a readable file")
        case .unsupportedMode: .error(code: .illegalOperation, message: "only octet and netascii modes")
        case .invalidRoot, .io: .error(code: .notDefined, message: "server error")
        }
    }
}
