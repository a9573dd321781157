/// Validators the service layer needs beyond the core set: hosts for IPMI, arguments handed to
/// tools as argv elements, user names, Windows boot file names.
extension Validate {
    /// `s` shortened and with control characters made visible, for error messages.
    public static func shown(_ s: String, max: Int = 40) -> String { quoted(s, max: max) }

    /// An IPv4 address or a DNS name (dot-separated RFC 1123 labels, at most 253 characters).
    public static func hostOrAddress(_ s: String, field: String) throws -> String {
        if IPv4Address(s) != nil { return s }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        guard s.count <= 253, !labels.isEmpty,
              labels.allSatisfy({ (1...63).contains($0.count) && $0.allSatisfy { isAlnum($0) || $0 == "-" }
                  && $0.first != "-" && $0.last != "-" }) else {
            throw fail(field, "invalid host \(quoted(s)): expected an IPv4 address or a DNS name")
        }
        return s
    }

    /// A value passed to a tool as one argv element: printable, no whitespace or quotes, and not
    /// starting with '-' (so it can never be read as an option).
    public static func commandArgument(_ s: String, field: String, max: Int = 255) throws -> String {
        guard (1...max).contains(s.count), !hasControlCharacters(s), s.first != "-",
              !s.contains(where: { $0.isWhitespace || "\"'`\\$;|&<>".contains($0) }) else {
            throw fail(field, "invalid value \(quoted(s)): no spaces, quotes, shell characters or leading '-'")
        }
        return s
    }

    /// A login name: 1–64 letters, digits, '.', '_', '-', not starting with '.' or '-'.
    public static func username(_ s: String, field: String = "username") throws -> String {
        guard (1...64).contains(s.count), s.first != ".", s.first != "-",
              s.allSatisfy({ isAlnum($0) || "._-".contains($0) }) else {
            throw fail(field, "invalid user name \(quoted(s)): 1 to 64 letters, digits, '.', '_' or '-'")
        }
        return s
    }

    /// A file path inside a Windows/EFI volume for `sanboot --filename` (`\EFI\Boot\bootx64.efi`):
    /// components of letters, digits, '.', '_', '-' separated by '\' or '/', no '..'.
    public static func sanFilename(_ s: String, field: String = "sanFilename") throws -> String {
        let parts = s.split(whereSeparator: { $0 == "\\" || $0 == "/" })
        guard (1...255).contains(s.count), !parts.isEmpty,
              parts.allSatisfy({ $0 != "." && $0 != ".." && $0.allSatisfy { isAlnum($0) || "._-".contains($0) } }) else {
            throw fail(field, "invalid file name \(quoted(s)): letters, digits, '.', '_', '-' separated by '\\' or '/'")
        }
        return s
    }
}
