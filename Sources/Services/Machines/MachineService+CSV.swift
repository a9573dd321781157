import Domain
import Foundation
import Store

extension MachineService {
    /// The prototype's CSV columns, in order.
    public static let csvColumns = ["host_name", "ip", "mac", "default_menu", "super_tube"]
    /// Most lines one import accepts.
    public static let csvMaximumLines = 10_000

    /// Imports machines from the prototype's CSV (`host_name,ip,mac,default_menu,super_tube`,
    /// header optional). `default_menu` is a boot item name; `super_tube` is 0/1/true/false.
    /// All or nothing: one transaction; every bad value is reported as `lines[N].column`, with
    /// duplicates inside the file and against stored machines.
    /// - Returns: the created machines in file order.
    public func importCSV(_ text: String, by caller: Caller) async throws -> [Machine] {
        let now = context.now
        let (created, event) = try await context.audited(caller, "machine.import", "machine") {
            try await context.write { tx -> ([Machine], Event) in
                let lines = try Self.parseCSV(text, now: now, tx: tx)
                var stored: [Machine] = []
                stored.reserveCapacity(lines.count)
                var lineOf: [Int64: Int] = [:]
                for (line, m) in lines {
                    let machine = try tx.insertMachine(m)
                    lineOf[machine.id] = line
                    stored.append(machine)
                }
                let supers = Set(stored.filter(\.superWorkstation).map(\.id))
                if !supers.isEmpty {
                    try SuperWorkstations.check(tx, writing: supers) { "lines[\(lineOf[$0.id] ?? 0)].super_tube" }
                }
                let e = try tx.insertEvent(context.event(caller, "machine.import", "machine", .success,
                                                         "\(stored.count) machines imported"))
                return (stored, e)
            }
        }
        context.events.publish(event)
        // One hook for the batch: a convergence per machine would re-read every target N times.
        await context.provision(caller, "machine.provision", "machine") { try await $0.machinesCreated(created) }
        return created
    }

    /// Validates every line against the file and the database; throws one `ValidationError` naming
    /// every bad `lines[N].column`.
    /// - Returns: each machine with its line number.
    static func parseCSV(_ text: String, now: Date, tx: StoreTx) throws -> [(line: Int, machine: Machine)] {
        var lines = CSVLine.parse(text)
        if let first = lines.first, first.fields.first?.lowercased() == "host_name" { lines.removeFirst() }
        var errors = FieldErrorsBox()
        guard !lines.isEmpty else { throw ServiceError.invalid("lines", "the file holds no machines") }
        guard lines.count <= csvMaximumLines else {
            throw ServiceError.invalid("lines", "at most \(csvMaximumLines) lines per import")
        }
        var bootItemsByName: [String: Int64] = [:]
        for item in try tx.allBootItems() { bootItemsByName[item.name.lowercased()] = item.id }
        let machines = try parseRows(lines.map { ($0.number, $0.fields) }, bootItems: bootItemsByName, menu: nil,
                                     now: now, tx: tx, errors: &errors) { "lines[\($0)]" }
        try errors.throwIfAny()
        return machines
    }

    /// Validates rows of the CSV columns (in `csvColumns` order) against each other and the
    /// database; every problem goes to `errors` as `<lineField(N)>.column`.
    /// - Parameters:
    ///   - bootItems: boot item ids by lower-cased name, for `default_menu`.
    ///   - menu: every machine's menu; nil gives each machine a menu of its default item only.
    /// - Returns: each valid machine with its line number.
    static func parseRows(_ rows: [(line: Int, fields: [String])], bootItems bootItemsByName: [String: Int64],
                          menu: [Int64]?, now: Date, tx: StoreTx, errors: inout FieldErrorsBox,
                          lineField: (Int) -> String) throws -> [(line: Int, machine: Machine)] {
        var seenNames: [String: (line: Int, name: String)] = [:]
        var seenMACs: [MACAddress: Int] = [:]
        var seenIPs: [IPv4Address: Int] = [:]
        var machines: [(line: Int, machine: Machine)] = []
        for line in rows {
            let p = lineField(line.line) + "."
            guard line.fields.count == csvColumns.count else {
                errors.add(lineField(line.line), "expected \(csvColumns.count) columns (\(csvColumns.joined(separator: ","))), found \(line.fields.count)")
                continue
            }
            let f = line.fields
            var input = MachineInput(name: f[0], mac: f[2], ip: f[1].isEmpty ? nil : f[1])
            if let menu { input.bootItems = menu }
            if !f[3].isEmpty {
                if let id = bootItemsByName[f[3].lowercased()] {
                    if menu == nil { input.bootItems = [id] }
                    input.defaultBootItem = id
                } else {
                    errors.add(p + "default_menu", "no boot item named \(Validate.shown(f[3]))")
                }
            }
            switch f[4].lowercased() {
            case "", "0", "false": input.superWorkstation = false
            case "1", "true": input.superWorkstation = true
            default: errors.add(p + "super_tube", "super_tube must be 0, 1, true or false, not \(Validate.shown(f[4]))")
            }
            // Field names in errors use the CSV's column names, not the JSON ones.
            var lineErrors = FieldErrorsBox()
            let machine = input.validate(existing: nil, now: now, errors: &lineErrors, prefix: p)
            for e in lineErrors.errors {
                errors.add(e.field.replacingOccurrences(of: p + "name", with: p + "host_name"), e.message)
            }
            guard let m = machine else { continue }

            // Names that differ only in case or '_' / '-' would share one iSCSI target.
            let key = ISCSINames.hostPart(m.name)
            if let earlier = seenNames[key] {
                errors.add(p + "host_name", earlier.name.lowercased() == m.name.lowercased() ? "duplicate of line \(earlier.line)"
                    : "host name \(Validate.shown(m.name)) and \(Validate.shown(earlier.name)) on line \(earlier.line) would share the iSCSI target name ...:\(key)")
            } else { seenNames[key] = (line.line, m.name) }
            if let earlier = seenMACs[m.mac] { errors.add(p + "mac", "duplicate of line \(earlier)") } else { seenMACs[m.mac] = line.line }
            if let ip = m.ip {
                if let earlier = seenIPs[ip] { errors.add(p + "ip", "duplicate of line \(earlier)") } else { seenIPs[ip] = line.line }
            }
            if let other = try tx.machine(named: m.name) { errors.add(p + "host_name", "machine \(Validate.shown(other.name)) already exists") }
            else if let other = try tx.machine(hostPart: key) { errors.add(p + "host_name", Self.sameTargetMessage(m.name, other)) }
            if let other = try tx.machine(mac: m.mac) { errors.add(p + "mac", "MAC already belongs to machine \(Validate.shown(other.name))") }
            if let ip = m.ip, let other = try tx.machine(ip: ip) { errors.add(p + "ip", "IP already belongs to machine \(Validate.shown(other.name))") }
            machines.append((line.line, m))
        }
        return machines
    }
}
