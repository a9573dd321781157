import Domain
import Foundation

extension MachineInput {
    /// Checks every field without the database and builds the machine. Boot item existence and
    /// uniqueness are checked by `MachineService` in its transaction.
    /// - Parameters:
    ///   - existing: the stored machine on update (keeps id, status, secrets, timestamps).
    ///   - prefix: prepended to field names (`lines[3].` for CSV).
    func validate(existing: Machine?, now: Date, errors: inout FieldErrorsBox, prefix: String = "") -> Machine? {
        func f(_ name: String) -> String { prefix + name }
        let name = errors.check(f("name")) { try Validate.hostname(self.name, field: f("name")) }
        let mac = errors.check(f("mac")) { try Validate.mac(self.mac, field: f("mac")) }
        var ip: IPv4Address?
        if let text = self.ip, !text.isEmpty {
            ip = errors.check(f("ip")) { try Validate.ipv4(text, field: f("ip")) }
        }
        var diskMode = existing?.diskMode ?? .resetOnBoot
        if let text = self.diskMode {
            if let m = DiskMode(rawValue: text) { diskMode = m } else {
                errors.add(f("diskMode"), "disk mode must be resetOnBoot or persistent, not \(Validate.shown(text))")
            }
        }
        let group = errors.check(f("group")) { try Validate.text(self.group ?? "", field: f("group"), max: 64) } ?? ""
        let notes = errors.check(f("notes")) { try Validate.text(self.notes ?? "", field: f("notes"), max: 2000) } ?? ""

        var menu = bootItems ?? []
        if Set(menu).count != menu.count { errors.add(f("bootItems"), "boot items must not repeat") }
        if let d = defaultBootItem {
            if menu.isEmpty { menu = [d] } else if !menu.contains(d) {
                errors.add(f("defaultBootItem"), "default boot item \(d) is not in bootItems")
            }
        }
        let power = (self.power ?? PowerInput()).validate(existing: existing?.power, errors: &errors, prefix: f("power."))

        var chapSecret: String?
        if chap == true {
            chapSecret = existing?.chapSecret
            if chapSecret == nil {
                chapSecret = errors.check(f("chap")) { try SecretMaker.chapSecret() }
            }
        }
        guard errors.isEmpty, let name, let mac, let power else { return nil }
        return Machine(id: existing?.id ?? 0, name: name, mac: mac, ip: ip, defaultBootItem: defaultBootItem ?? menu.first,
                       bootItems: menu, diskMode: diskMode, superWorkstation: superWorkstation ?? false, group: group,
                       power: power, allowBoot: allowBoot ?? true, status: existing?.status ?? .unknown,
                       lastBootAt: existing?.lastBootAt, lastBootPhase: existing?.lastBootPhase, notes: notes,
                       chapSecret: chapSecret, createdAt: existing?.createdAt ?? now, updatedAt: now,
                       revision: (existing?.revision ?? 0) + 1)
    }
}

extension PowerInput {
    func validate(existing: PowerConfig?, errors: inout FieldErrorsBox, prefix: String) -> PowerConfig? {
        let before = errors.errors.count
        var config = PowerConfig()
        if let text = driver {
            if let d = PowerDriverKind(rawValue: text) { config.driver = d } else {
                errors.add(prefix + "driver", "power driver must be one of "
                           + PowerDriverKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        if let text = wolBroadcast, !text.isEmpty {
            config.wolBroadcast = errors.check(prefix + "wolBroadcast") { try Validate.ipv4(text, field: prefix + "wolBroadcast") }
        }
        config.agentShutdownFirst = agentShutdownFirst ?? true
        if let text = ipmiHost, !text.isEmpty {
            config.ipmiHost = errors.check(prefix + "ipmiHost") { try Validate.hostOrAddress(text, field: prefix + "ipmiHost") }
        }
        if let text = ipmiUser, !text.isEmpty {
            config.ipmiUser = errors.check(prefix + "ipmiUser") { try Validate.commandArgument(text, field: prefix + "ipmiUser", max: 64) }
        }
        if let text = ipmiPassword {
            config.ipmiPassword = text.isEmpty ? nil
                : errors.check(prefix + "ipmiPassword") { try Validate.text(text, field: prefix + "ipmiPassword", max: 64) }
        } else {
            config.ipmiPassword = existing?.ipmiPassword
        }
        if let text = webhookURL, !text.isEmpty {
            config.webhookURL = errors.check(prefix + "webhookURL") { try Validate.url(text, field: prefix + "webhookURL") }
        }
        if let text = mcuid, !text.isEmpty {
            if (1...64).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) {
                config.mcuid = text
            } else {
                errors.add(prefix + "mcuid", "mcuid must be 1 to 64 letters, digits, '-', '_', '.' or ':' (the card's id in the Smyoo app)")
            }
        }
        if config.driver == .ipmi, config.ipmiHost == nil, ipmiHost?.isEmpty ?? true {
            errors.add(prefix + "ipmiHost", "the ipmi driver needs ipmiHost")
        }
        if config.driver == .webhook, config.webhookURL == nil, webhookURL?.isEmpty ?? true {
            errors.add(prefix + "webhookURL", "the webhook driver needs webhookURL")
        }
        return errors.errors.count == before ? config : nil
    }
}
