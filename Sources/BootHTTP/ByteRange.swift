/// What a `Range` request header asks of a file of known size (RFC 9110 section 14). Only a
/// single byte range is honoured; several ranges, other units or bad syntax are ignored and the
/// whole file is sent, which the RFC allows. iPXE and wimboot ask for one range at a time.
public enum ByteRange: Equatable, Sendable {
    /// No (usable) Range header: send everything with 200.
    case whole
    /// Send these bytes with 206 and `Content-Range: bytes <lower>-<upper>/<size>`.
    case partial(ClosedRange<Int>)
    /// 416 with `Content-Range: bytes */<size>`.
    case unsatisfiable

    /// Interprets `header` (the Range value) for a file of `size` bytes.
    public static func parse(_ header: String?, size: Int) -> ByteRange {
        guard let header else { return .whole }
        let trimmed = header.drop { $0 == " " }
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = trimmed.dropFirst("bytes=".count).filter { $0 != " " }
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[spec.startIndex..<dash], last = spec[spec.index(after: dash)...]
        guard first.allSatisfy(\.isASCII), last.allSatisfy(\.isASCII) else { return .whole }
        if first.isEmpty {
            // "-n": the last n bytes.
            guard let n = Int(last), n >= 0 else { return .whole }
            guard n > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - n)...(size - 1))
        }
        guard let lower = Int(first), lower >= 0 else { return .whole }
        var upper = size - 1
        if !last.isEmpty {
            guard let u = Int(last) else { return .whole }
            guard u >= lower else { return .whole }
            upper = min(u, size - 1)
        }
        guard lower < size else { return .unsatisfiable }
        return .partial(lower...upper)
    }
}
