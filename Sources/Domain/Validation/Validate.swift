/// Validators for every name that can reach a command line, a config file, configfs or a path.
/// Each returns the canonical value or throws a `ValidationError` naming `field`.
public enum Validate {
    static func fail(_ field: String, _ message: String) -> ValidationError {
        ValidationError(field: field, message)
    }

    static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    /// Rejects control characters (newline, tab, NUL, DEL …) anywhere in free text.
    public static func hasControlCharacters(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }
    }

    public static func mac(_ s: String, field: String = "mac") throws -> MACAddress {
        guard let m = MACAddress(s) else {
            throw fail(field, "invalid MAC address \(quoted(s)): use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabbccddeeff")
        }
        return m
    }

    public static func ipv4(_ s: String, field: String = "ip") throws -> IPv4Address {
        guard let ip = IPv4Address(s) else { throw fail(field, "invalid IPv4 address \(quoted(s))") }
        return ip
    }

    /// A machine's host name: 1–63 ASCII letters, digits, '_' (the prototype's `^\\w+$`, so `host_01`)
    /// and '-', starting and ending with a letter or digit. Stored as given (case kept), compared
    /// case-insensitively by the store; its IQN form (`ISCSINames.hostPart`) maps '_' to '-'.
    public static func hostname(_ s: String, field: String = "name") throws -> String {
        guard (1...63).contains(s.count) else { throw fail(field, "host name must be 1 to 63 characters") }
        guard s.allSatisfy({ isAlnum($0) || $0 == "-" || $0 == "_" }) else {
            throw fail(field, "invalid host name \(quoted(s)): only letters, digits, '_' and '-' are allowed")
        }
        // dnsmasq ("bad DHCP host name") and dhcpd ("expecting a name for host declaration")
        // refuse a name that starts with '_' or '-'.
        guard let first = s.first, let last = s.last, isAlnum(first), isAlnum(last) else {
            throw fail(field, "host name must start and end with a letter or digit, not '-' or '_'")
        }
        return s
    }

    /// An iSCSI qualified name per RFC 3720 section 3.2.6.3.1: `iqn.yyyy-mm.reversed.domain[:suffix]`,
    /// lowercase, at most 223 bytes; the suffix may hold letters, digits, '-', '.', ':'.
    public static func iqn(_ s: String, field: String = "iqn") throws -> String {
        let bad = fail(field, "invalid IQN \(quoted(s)): expected iqn.yyyy-mm.reversed.domain[:identifier] in lowercase")
        guard s.utf8.count <= 223, s.hasPrefix("iqn.") else { throw bad }
        guard s.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." || $0 == ":" }) else {
            throw bad
        }
        let rest = s.dropFirst(4)
        let dateEnd = rest.index(rest.startIndex, offsetBy: 7, limitedBy: rest.endIndex) ?? rest.endIndex
        let date = rest[rest.startIndex..<dateEnd]
        guard date.count == 7, date.enumerated().allSatisfy({ i, c in i == 4 ? c == "-" : c.isNumber }),
              let month = Int(date.suffix(2)), (1...12).contains(month) else { throw bad }
        let afterDate = rest[dateEnd...]
        guard afterDate.first == "." else { throw bad }
        let authorityAndSuffix = afterDate.dropFirst()
        let authority = authorityAndSuffix.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let labels = authority.split(separator: ".", omittingEmptySubsequences: false)
        guard !authority.isEmpty, labels.allSatisfy({ !$0.isEmpty && $0.first != "-" && $0.last != "-" }) else { throw bad }
        if authorityAndSuffix.contains(":") {
            let suffix = authorityAndSuffix.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[1]
            guard !suffix.isEmpty else { throw bad }
        }
        return s
    }

    /// The part before `:` of an IQN, used as a target prefix (`iqn.2022-10.org.dbc.iscsi`).
    public static func iqnPrefix(_ s: String, field: String = "targetPrefix") throws -> String {
        guard !s.contains(":") else { throw fail(field, "an IQN prefix has no ':' suffix") }
        return try iqn(s, field: field)
    }

    /// LVM volume group / logical volume names: letters, digits and `+_.-`, not starting with '-',
    /// not `.` or `..`, at most 127 characters; names LVM reserves are refused.
    public static func lvmName(_ s: String, field: String) throws -> String {
        guard (1...127).contains(s.count) else { throw fail(field, "LVM name must be 1 to 127 characters") }
        guard s.allSatisfy({ isAlnum($0) || "+_.-".contains($0) }) else {
            throw fail(field, "invalid LVM name \(quoted(s)): only letters, digits and + _ . - are allowed")
        }
        guard s.first != "-", s != ".", s != ".." else { throw fail(field, "invalid LVM name \(quoted(s))") }
        for reserved in ["_cdata", "_cmeta", "_corig", "_mlog", "_mimage", "_pmspare", "_rimage", "_rmeta", "_tdata",
                         "_tmeta", "_vorigin", "_vdata"] where s.contains(reserved) {
            throw fail(field, "LVM name \(quoted(s)) contains the reserved string \(reserved)")
        }
        guard !s.hasPrefix("snapshot"), !s.hasPrefix("pvmove") else {
            throw fail(field, "LVM name \(quoted(s)) starts with a reserved word")
        }
        return s
    }

    /// A Linux network interface name: 1–15 characters, no '/', whitespace, ':' or quotes.
    public static func interfaceName(_ s: String, field: String = "interface") throws -> String {
        guard (1...15).contains(s.count), s != ".", s != "..",
              s.allSatisfy({ isAlnum($0) || "-_.@".contains($0) }) else {
            throw fail(field, "invalid network interface name \(quoted(s))")
        }
        return s
    }

    /// One file name (no directory part): letters, digits and `._-+`, not starting with '.'.
    public static func fileName(_ s: String, field: String) throws -> String {
        guard (1...255).contains(s.count), s.first != ".",
              s.allSatisfy({ isAlnum($0) || "._-+".contains($0) }) else {
            throw fail(field, "invalid file name \(quoted(s)): letters, digits and . _ - + only, not starting with '.'")
        }
        return s
    }

    /// A relative path inside a served root: components that are each a valid file name.
    public static func relativePath(_ s: String, field: String) throws -> String {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard !s.isEmpty, !s.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty }) else {
            throw fail(field, "invalid relative path \(quoted(s))")
        }
        for p in parts { _ = try fileName(String(p), field: field) }
        return s
    }

    /// An absolute path on the server: '/'-separated components without '..', control characters,
    /// quotes or whitespace.
    public static func absolutePath(_ s: String, field: String) throws -> String {
        guard s.hasPrefix("/"), s.count <= 4096 else { throw fail(field, "path must be absolute") }
        let parts = s.split(separator: "/")
        guard parts.allSatisfy({ $0 != ".." && $0 != "." && $0.allSatisfy({ isAlnum($0) || "._-+@".contains($0) }) }) else {
            throw fail(field, "invalid path \(quoted(s)): only letters, digits and . _ - + @ in components, no '..'")
        }
        return s
    }

    /// Free text shown to people (labels, descriptions, notes): no control characters, bounded length.
    public static func text(_ s: String, field: String, max: Int = 200, allowEmpty: Bool = true) throws -> String {
        guard allowEmpty || !s.isEmpty else { throw fail(field, "must not be empty") }
        guard s.count <= max else { throw fail(field, "must be at most \(max) characters") }
        guard !hasControlCharacters(s) else { throw fail(field, "must not contain newlines or control characters") }
        return s
    }

    /// Text that ends up inside a generated config or script line: no control characters, quotes,
    /// backslashes, `$` (iPXE expansion) or `#`.
    public static func configText(_ s: String, field: String, max: Int = 100, allowEmpty: Bool = false) throws -> String {
        _ = try text(s, field: field, max: max, allowEmpty: allowEmpty)
        guard !s.contains(where: { "\"'\\$#`{}".contains($0) }) else {
            throw fail(field, "must not contain quotes, backslashes, '$', '#', '`' or braces")
        }
        return s
    }

    /// A name of a resource (image, boot item, group): letters, digits, '-', '_', '.', 1–64 characters.
    public static func resourceName(_ s: String, field: String = "name") throws -> String {
        guard (1...64).contains(s.count), s.first != ".", s.first != "-",
              s.allSatisfy({ isAlnum($0) || "-_.".contains($0) }) else {
            throw fail(field, "invalid name \(quoted(s)): 1 to 64 letters, digits, '-', '_' or '.', not starting with '.' or '-'")
        }
        return s
    }

    /// An http(s) URL with no whitespace, quotes or control characters.
    public static func url(_ s: String, field: String) throws -> String {
        guard s.count <= 2048, s.hasPrefix("http://") || s.hasPrefix("https://"),
              s.count > 8, !s.contains(where: { $0.isWhitespace || "\"'\\`<>{}|^".contains($0) }),
              !hasControlCharacters(s) else {
            throw fail(field, "invalid URL \(quoted(s)): expected http:// or https:// without spaces or quotes")
        }
        return s
    }

    /// A TCP/UDP port 1–65535.
    public static func port(_ p: Int, field: String) throws -> Int {
        guard (1...65535).contains(p) else { throw fail(field, "port must be between 1 and 65535") }
        return p
    }

    static func quoted(_ s: String, max: Int = 40) -> String {
        let shown = s.count > max ? String(s.prefix(max)) + "…" : s
        return "'" + shown.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined() + "'"
    }
}
