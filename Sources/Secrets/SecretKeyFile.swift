import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension SecretBox {
    /// The box whose key is in the file at `path` (32 random bytes, mode 0600), made at first use.
    /// A key file readable by others is narrowed to 0600; one that is not a regular file of 32
    /// bytes is refused (the database's secrets would not open with anything else).
    public static func keyFile(at path: String) throws -> SecretBox {
        if let key = try readKey(path) { return try SecretBox(key: key) }
        // Write a temp file, then link it into place: link fails instead of replacing a key
        // another process made meanwhile, and nobody ever sees a half-written key.
        let temp = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = Glibc.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create the secret key file \(temp)") }
        defer { unlink(temp) }
        let key = try SecureRandom.bytes(keyLength)
        let written = key.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == keyLength, synced else { throw failure("cannot write the secret key file \(temp)") }
        if link(temp, path) != 0 {
            guard errno == EEXIST, let existing = try readKey(path) else { throw failure("cannot create the secret key file \(path)") }
            return try SecretBox(key: existing)
        }
        return try SecretBox(key: key)
    }

    /// The key in `path`, nil when there is no such file.
    private static func readKey(_ path: String) throws -> [UInt8]? {
        let fd = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure("cannot open the secret key file \(path)")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size == off_t(keyLength) else {
            throw SecretsError.keyFile("the secret key file \(path) is not a regular file of \(keyLength) bytes")
        }
        if st.st_mode & 0o077 != 0 { _ = fchmod(fd, 0o600) }
        var key = [UInt8](repeating: 0, count: keyLength)
        let got = key.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, keyLength) }
        guard got == keyLength else { throw failure("cannot read the secret key file \(path)") }
        return key
    }

    private static func failure(_ what: String) -> SecretsError {
        .keyFile("\(what): \(String(cString: strerror(errno)))")
    }
}
