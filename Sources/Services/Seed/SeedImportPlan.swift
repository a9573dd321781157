import Domain
import Foundation
import Store

/// The work of one seed import inside its transaction: images (os.csv, data_disk.csv), boot
/// items (boot_menu.csv), machines (host.csv), settings (config.json). Valid rows are inserted as
/// they are read so later files can refer to them; any error throws at the end, which rolls the
/// whole transaction back.
struct SeedImportPlan: Sendable {
    var images: [Image] = []
    var bootItems: [BootItem] = []
    var machines: [Machine] = []
    var oldSettings: Settings?
    var newSettings: Settings?
    var result = SeedService.ImportResult(files: [], images: [], bootItems: [], machines: [], settingsChanged: false, notes: [])

    static func apply(_ files: SeedFiles, now: Date, tx: StoreTx) throws -> SeedImportPlan {
        var plan = SeedImportPlan()
        var errors = FieldErrorsBox()
        plan.result.files = SeedFiles.names.filter { files[$0] != nil }
        guard !plan.result.files.isEmpty else {
            throw ServiceError.invalid("files", "none of \(SeedFiles.names.joined(separator: ", ")) was given")
        }
        var imagesByName: [String: Image] = [:]
        for (file, kind) in [(SeedFiles.os, ImageKind.os), (SeedFiles.dataDisks, ImageKind.data)] {
            guard let text = files.text(file, errors: &errors) else { continue }
            let table = SeedTable(file: file, text: text, columns: ["name", "description", "capacity"], errors: &errors)
            for row in table.rows {
                guard let image = try plan.image(row, file: file, kind: kind, seen: imagesByName, now: now, tx: tx, errors: &errors) else { continue }
                imagesByName[image.name.lowercased()] = image
            }
        }
        var menu: [String: Int64] = [:]
        if let text = files.text(SeedFiles.bootMenus, errors: &errors) {
            let table = SeedTable(file: SeedFiles.bootMenus, text: text, columns: ["name", "operation_system", "data_disk"], errors: &errors)
            for row in table.rows {
                guard let item = try plan.bootItem(row, images: imagesByName, seen: menu, now: now, tx: tx, errors: &errors) else { continue }
                menu[item.name.lowercased()] = item.id
            }
        }
        if let text = files.text(SeedFiles.hosts, errors: &errors) {
            let table = SeedTable(file: SeedFiles.hosts, text: text, columns: MachineService.csvColumns, errors: &errors)
            let rows = table.rows.map { row in (row.line, MachineService.csvColumns.map { row[$0].seedValue }) }
            // The prototype showed every boot menu item to every host, its default preselected.
            let all = plan.bootItems.map(\.id)
            var byName = menu
            for item in try tx.allBootItems() where byName[item.name.lowercased()] == nil { byName[item.name.lowercased()] = item.id }
            let parsed = try MachineService.parseRows(rows, bootItems: byName, menu: all.isEmpty ? nil : all, now: now, tx: tx,
                                                      errors: &errors) { SeedTable.field(SeedFiles.hosts, $0) }
            var lineOf: [Int64: Int] = [:]
            for (line, m) in parsed where errors.isEmpty {
                let stored = try tx.insertMachine(m)
                lineOf[stored.id] = line
                plan.machines.append(stored)
            }
            // One super workstation per image, as for every other write.
            let supers = Set(plan.machines.filter(\.superWorkstation).map(\.id))
            if !supers.isEmpty && errors.isEmpty {
                do {
                    try SuperWorkstations.check(tx, writing: supers) { SeedTable.field(SeedFiles.hosts, lineOf[$0.id] ?? 0, "super_tube") }
                } catch let ServiceError.validation(e) {
                    for f in e.errors { errors.add(f.field, f.message) }
                }
            }
        }
        if let data = files[SeedFiles.config], let legacy = LegacyConfig.parse(data, errors: &errors) {
            let old = try tx.settings() ?? Settings()
            var notes: [String] = []
            var new = legacy.applied(to: old, errors: &errors, notes: &notes)
            plan.result.notes += notes
            for problem in new.validationErrors() {
                errors.add("\(SeedFiles.config).\(LegacyConfig.legacyKey(problem.field))", problem.message)
            }
            if new != old && errors.isEmpty {
                new.revision = old.revision + 1
                try tx.saveSettings(new, now: now)
                (plan.oldSettings, plan.newSettings) = (old, new)
                plan.result.settingsChanged = true
            }
        }
        try errors.throwIfAny()
        plan.result.images = plan.images.map { .init(id: $0.id, name: $0.name) }
        plan.result.bootItems = plan.bootItems.map { .init(id: $0.id, name: $0.name) }
        plan.result.machines = plan.machines.map { .init(id: $0.id, name: $0.name) }
        return plan
    }

    /// One row of os.csv / data_disk.csv; inserted when valid.
    mutating func image(_ row: SeedTable.Row, file: String, kind: ImageKind, seen: [String: Image], now: Date,
                        tx: StoreTx, errors: inout FieldErrorsBox) throws -> Image? {
        let at = { (column: String) in SeedTable.field(file, row.line, column) }
        var ok = true
        var sizeMiB: Int64?
        let capacity = row["capacity"].seedValue
        if let gib = Double(capacity), gib > 0, gib.isFinite, (gib * 1024).rounded() == gib * 1024, gib * 1024 < 1e15 {
            sizeMiB = Int64(gib * 1024)
        } else {
            errors.add(at("capacity"), "capacity must be a positive number of GiB (whole MiB), not \(Validate.shown(capacity))")
            ok = false
        }
        let input = ImageInput(name: row["name"], kind: kind.rawValue, sizeMiB: sizeMiB ?? 1024, description: row["description"].seedValue)
        let image: Image
        do {
            image = try input.validate(existing: nil, now: now)
        } catch let ServiceError.validation(e) {
            for f in e.errors { errors.add(at(f.field == "sizeMiB" ? "capacity" : f.field), f.message) }
            return nil
        }
        if let other = seen[image.name.lowercased()] {
            errors.add(at("name"), "image \(Validate.shown(other.name)) is already listed (\(other.kind == .os ? SeedFiles.os : SeedFiles.dataDisks))")
            return nil
        }
        if let other = try tx.image(named: image.name) {
            errors.add(at("name"), "an image named \(Validate.shown(other.name)) already exists (image/\(other.id))")
            return nil
        }
        guard ok else { return nil }
        let stored = try tx.insertImage(image)
        images.append(stored)
        return stored
    }

    /// One row of boot_menu.csv: an iSCSI boot item; inserted when valid. `operation_system` and
    /// the comma-separated `data_disk` name images of the files or already stored ones.
    mutating func bootItem(_ row: SeedTable.Row, images byName: [String: Image], seen: [String: Int64], now: Date,
                           tx: StoreTx, errors: inout FieldErrorsBox) throws -> BootItem? {
        let at = { (column: String) in SeedTable.field(SeedFiles.bootMenus, row.line, column) }
        func lookup(_ name: String) throws -> Image? { try byName[name.lowercased()] ?? tx.image(named: name) }
        var ok = true
        let osName = row["operation_system"].seedValue
        var osID: Int64?
        if osName.isEmpty {
            errors.add(at("operation_system"), "operation_system is required"); ok = false
        } else if let image = try lookup(osName) {
            if image.kind == .os { osID = image.id } else {
                errors.add(at("operation_system"), "\(Validate.shown(osName)) is a data disk (data_disk.csv), not an operating system"); ok = false
            }
        } else {
            errors.add(at("operation_system"), "no operating system named \(Validate.shown(osName)) in os.csv"); ok = false
        }
        var dataIDs: [Int64] = []
        for part in row["data_disk"].seedValue.split(separator: ",") {
            let name = String(part).trimmingSpaces()
            // The prototype de-duplicated the disk list and put the OS first.
            guard !name.isEmpty, name.lowercased() != osName.lowercased() else { continue }
            guard let image = try lookup(name) else {
                errors.add(at("data_disk"), "no data disk named \(Validate.shown(name)) in data_disk.csv"); ok = false; continue
            }
            guard image.kind == .data else {
                errors.add(at("data_disk"), "\(Validate.shown(name)) is an operating system (os.csv), not a data disk"); ok = false; continue
            }
            if !dataIDs.contains(image.id) { dataIDs.append(image.id) }
        }
        let name = row["name"]
        if seen[name.lowercased()] != nil { errors.add(at("name"), "boot menu \(Validate.shown(name)) is listed twice"); return nil }
        if let other = try tx.bootItem(named: name) {
            errors.add(at("name"), "a boot item named \(Validate.shown(other.name)) already exists (bootItem/\(other.id))"); return nil
        }
        let input = BootItemInput(name: name, label: name, kind: BootItemKind.iscsi.rawValue, osImage: osID, dataImages: dataIDs)
        do {
            let item = try input.validate(existing: nil, tx: tx)
            guard ok else { return nil }
            let stored = try tx.insertBootItem(item, now: now)
            bootItems.append(stored)
            return stored
        } catch let ServiceError.validation(e) {
            for f in e.errors where f.field == "name" || f.field == "label" { errors.add(at("name"), f.message) }
            return nil
        }
    }
}
