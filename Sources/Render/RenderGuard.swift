/// Character-level defence for everything a renderer writes. Domain validators already refuse bad
/// input; these checks run again at the last moment, because one line break or quote in a label
/// would let a value add its own `chain` line to an iPXE script or a `dhcp-boot` line to dnsmasq.
enum RenderGuard {
    private static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    private static func check(_ s: String, field: String, allowEmpty: Bool = false, reason: String,
                              _ ok: (Character) -> Bool) throws -> String {
        guard allowEmpty || !s.isEmpty else { throw RenderError.missingValue(field: field, reason: "must not be empty") }
        guard s.utf8.count <= 2048, s.allSatisfy(ok) else {
            throw RenderError.unsafeValue(field: field, value: s, reason: reason)
        }
        return s
    }

    /// One word: identifiers, host names, IQNs, addresses. Letters, digits and `. _ : -`.
    static func word(_ s: String, field: String) throws -> String {
        let w = try check(s, field: field, reason: "only letters, digits, '.', '_', ':' and '-' may appear here") {
            isAlnum($0) || "._:-".contains($0)
        }
        guard w.first != "-" else { throw RenderError.unsafeValue(field: field, value: s, reason: "must not start with '-'") }
        return w
    }

    /// A secret (CHAP password): printable ASCII without spaces, quotes, backslashes or anything
    /// iPXE or a config parser gives a meaning (`$ { } # | & ; ,`).
    static func secret(_ s: String, field: String) throws -> String {
        try check(s, field: field, reason: "printable characters without spaces, quotes or $ { } # | & ; , only") {
            $0.isASCII && !$0.isWhitespace && $0.asciiValue.map { (0x21...0x7E).contains($0) } == true
                && !"\"'\\`${}#|&;,".contains($0)
        }
    }

    /// A URL written as one token: printable ASCII without whitespace, quotes, backslashes, braces,
    /// `$`, `#`, `|` or `,` (dnsmasq's field separator). Must be http(s).
    static func url(_ s: String, field: String) throws -> String {
        let u = try check(s, field: field, reason: "a URL must not contain spaces, quotes, braces, '$', '#', '|' or ','") {
            $0.isASCII && $0.asciiValue.map { (0x21...0x7E).contains($0) } == true && !"\"'\\`${}#|,<>^".contains($0)
        }
        guard u.hasPrefix("http://") || u.hasPrefix("https://") else {
            throw RenderError.unsafeValue(field: field, value: s, reason: "must start with http:// or https://")
        }
        return u
    }

    /// A path relative to the HTTP root: '/'-separated file names (letters, digits, `. _ - +`),
    /// no empty, `.` or `..` component, not absolute.
    static func relativePath(_ s: String, field: String) throws -> String {
        let p = try check(s, field: field, reason: "letters, digits, '.', '_', '-', '+' and '/' only") {
            isAlnum($0) || "._-+/".contains($0)
        }
        let parts = p.split(separator: "/", omittingEmptySubsequences: false)
        guard !p.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) else {
            throw RenderError.unsafeValue(field: field, value: s, reason: "must be a relative path without '..' or empty parts")
        }
        return p
    }

    /// An absolute path on the server: letters, digits, `. _ - + @` and '/', no `..` component.
    static func absolutePath(_ s: String, field: String) throws -> String {
        let p = try check(s, field: field, reason: "letters, digits, '.', '_', '-', '+', '@' and '/' only") {
            isAlnum($0) || "._-+@/".contains($0)
        }
        guard p.hasPrefix("/"), !p.split(separator: "/").contains("..") else {
            throw RenderError.unsafeValue(field: field, value: s, reason: "must be an absolute path without '..'")
        }
        return p
    }

    /// A UEFI file path for `sanboot --filename`: letters, digits, `. _ -` and either slash.
    static func efiPath(_ s: String, field: String) throws -> String {
        try check(s, field: field, reason: "letters, digits, '.', '_', '-', '/' and '\\' only") {
            isAlnum($0) || "._-/\\".contains($0)
        }
    }

    /// A kernel command line: printable ASCII and spaces, nothing iPXE expands or splits commands
    /// on (`$ { } # | & ;`), no quotes or backslashes.
    static func cmdline(_ s: String, field: String) throws -> String {
        try check(s, field: field, allowEmpty: true, reason: "printable characters without quotes, backslashes or $ { } # | & ;") {
            $0.isASCII && $0.asciiValue.map { (0x20...0x7E).contains($0) } == true && !"\"'\\`${}#|&;".contains($0)
        }
    }

    /// Free text shown to people (menu labels, messages). Never refused: every character outside
    /// a plain set (letters, digits, space and `- _ . , : ( ) / + = @ ! ? % * [ ] ~`) becomes `_`,
    /// so a label can hold no line break, expansion, comment or command separator.
    static func display(_ s: String) -> String {
        let allowed: (Character) -> Bool = { isAlnum($0) || " -_.,:()/+=@!?%*[]~".contains($0) }
        let cleaned = String(s.map { allowed($0) ? $0 : "_" })
        return cleaned.trimmingSpaces()
    }
}

extension String {
    /// Leading and trailing spaces removed (Render has no Foundation).
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
