import Domain

extension Settings {
    /// `tools`: asset paths relative to the HTTP root (or http URLs for the installer files), and
    /// the mirror URL the preseed names.
    func checkTools(_ e: inout FieldErrorsBox) {
        _ = e.check("tools.winpePath") { try Validate.relativePath(tools.winpePath, field: "tools.winpePath") }
        for (field, value) in [("tools.installerKernel", tools.installerKernel), ("tools.installerInitrd", tools.installerInitrd)] {
            if value.hasPrefix("http://") || value.hasPrefix("https://") {
                _ = e.check(field) { try Validate.url(value, field: field) }
            } else {
                _ = e.check(field) { try Validate.relativePath(value, field: field) }
            }
        }
        if !tools.installerArgs.isEmpty {
            _ = e.check("tools.installerArgs") { try Validate.configText(tools.installerArgs, field: "tools.installerArgs", max: 1024) }
        }
        _ = e.check("tools.installerMirror") { try Validate.url(tools.installerMirror, field: "tools.installerMirror") }
    }
}
