import Domain
import Store

extension BootItemInput {
    /// Checks every field for `kind`, including that referenced images exist with the right kind.
    func validate(existing: BootItem?, tx: StoreTx) throws -> BootItem {
        var errors = FieldErrorsBox()
        let name = errors.check("name") { try Validate.resourceName(self.name, field: "name") }
        let label = errors.check("label") { try Validate.configText(self.label ?? self.name, field: "label", max: 100) }
        guard let kind = BootItemKind(rawValue: self.kind) else {
            errors.add("kind", "kind must be one of iscsi, wimboot, linux, chain, local, not \(Validate.shown(self.kind))")
            try errors.throwIfAny()
            throw ServiceError.internal("unreachable")
        }
        var item = BootItem(id: existing?.id ?? 0, name: name ?? "", label: label ?? "", kind: kind,
                            revision: (existing?.revision ?? 0) + 1)
        func unused(_ field: String, _ present: Bool) {
            if present { errors.add(field, "not used by a \(kind.rawValue) boot item; leave it empty") }
        }
        let data = dataImages ?? []
        let fileList = files ?? []
        switch kind {
        case .iscsi:
            let family = errors.check("osFamily") { try Self.family(osFamily) } ?? .windows
            item.osFamily = family
            item.clearGateway = clearGateway ?? (family == .windows)
            if let os = osImage {
                if let image = try tx.image(id: os) {
                    if image.kind != .os { errors.add("osImage", "image \(Validate.shown(image.name)) is a data image, not an os image") }
                } else {
                    errors.add("osImage", "image \(os) does not exist")
                }
                item.osImage = os
            } else if family == .windows {
                errors.add("osImage", "Windows boot item \(Validate.shown(self.name)) has no OS disk: set osImage to its os image")
            } else {
                errors.add("osImage", "iscsi boot item \(Validate.shown(self.name)) needs osImage (its OS disk)")
            }
            if Set(data).count != data.count { errors.add("dataImages", "data images must not repeat") }
            for (i, id) in data.enumerated() {
                if let image = try tx.image(id: id) {
                    if image.kind != .data { errors.add("dataImages[\(i)]", "image \(Validate.shown(image.name)) is an os image, not a data image") }
                } else {
                    errors.add("dataImages[\(i)]", "image \(id) does not exist")
                }
            }
            item.dataImages = data
            if let s = sanFilename, !s.isEmpty { item.sanFilename = errors.check("sanFilename") { try Validate.sanFilename(s) } }
            unused("files", !fileList.isEmpty)
            unused("kernel", !(kernel ?? "").isEmpty); unused("initrd", !(initrd ?? "").isEmpty)
            unused("cmdline", !(cmdline ?? "").isEmpty); unused("url", !(url ?? "").isEmpty)
        case .wimboot:
            if fileList.isEmpty { errors.add("files", "a wimboot boot item needs its files (bootmgr, BCD, boot.sdi, boot.wim)") }
            item.files = fileList.enumerated().compactMap { i, f in
                errors.check("files[\(i)]") { try Validate.relativePath(f, field: "files[\(i)]") }
            }
            unused("osImage", osImage != nil); unused("dataImages", !data.isEmpty)
            unused("sanFilename", !(sanFilename ?? "").isEmpty)
            unused("kernel", !(kernel ?? "").isEmpty); unused("initrd", !(initrd ?? "").isEmpty)
            unused("cmdline", !(cmdline ?? "").isEmpty); unused("url", !(url ?? "").isEmpty)
        case .linux:
            if let k = kernel, !k.isEmpty { item.kernel = errors.check("kernel") { try Self.pathOrURL(k, field: "kernel") } } else {
                errors.add("kernel", "a linux boot item needs a kernel")
            }
            if let i = initrd, !i.isEmpty { item.initrd = errors.check("initrd") { try Self.pathOrURL(i, field: "initrd") } }
            if let c = cmdline, !c.isEmpty {
                item.cmdline = errors.check("cmdline") { try Validate.configText(c, field: "cmdline", max: 1024) }
            }
            unused("osImage", osImage != nil); unused("dataImages", !data.isEmpty)
            unused("sanFilename", !(sanFilename ?? "").isEmpty); unused("files", !fileList.isEmpty); unused("url", !(url ?? "").isEmpty)
        case .chain:
            if let u = url, !u.isEmpty { item.url = errors.check("url") { try Validate.url(u, field: "url") } } else {
                errors.add("url", "a chain boot item needs a url")
            }
            unused("osImage", osImage != nil); unused("dataImages", !data.isEmpty)
            unused("sanFilename", !(sanFilename ?? "").isEmpty); unused("files", !fileList.isEmpty)
            unused("kernel", !(kernel ?? "").isEmpty); unused("initrd", !(initrd ?? "").isEmpty); unused("cmdline", !(cmdline ?? "").isEmpty)
        case .local:
            unused("osImage", osImage != nil); unused("dataImages", !data.isEmpty)
            unused("sanFilename", !(sanFilename ?? "").isEmpty); unused("files", !fileList.isEmpty)
            unused("kernel", !(kernel ?? "").isEmpty); unused("initrd", !(initrd ?? "").isEmpty)
            unused("cmdline", !(cmdline ?? "").isEmpty); unused("url", !(url ?? "").isEmpty)
        }
        if kind != .iscsi {
            unused("osFamily", !(osFamily ?? "").isEmpty); unused("clearGateway", clearGateway == true)
        }
        try errors.throwIfAny()
        return item
    }

    /// The OS family named by `text`; nil or empty = Windows, the café's OS.
    static func family(_ text: String?) throws -> BootItemOSFamily {
        guard let text, !text.isEmpty else { return .windows }
        guard let family = BootItemOSFamily(rawValue: text) else {
            throw ValidationError(field: "osFamily", "osFamily must be one of windows, linux, other, not \(Validate.shown(text))")
        }
        return family
    }

    /// A path relative to the HTTP root, or an http(s) URL.
    static func pathOrURL(_ s: String, field: String) throws -> String {
        if s.hasPrefix("http://") || s.hasPrefix("https://") { return try Validate.url(s, field: field) }
        return try Validate.relativePath(s, field: field)
    }
}
