import Domain
import Foundation
import GRDB

/// Filters, order and window of a machine list.
public struct MachineListQuery: Sendable, Hashable {
    public enum SortColumn: String, Sendable, CaseIterable { case name, mac, ip, status, lastBootAt }

    /// Matches name, MAC, IP, group or notes (substring, case-insensitive).
    public var search: String?
    public var group: String?
    public var status: MachineStatus?
    public var sort: SortColumn
    public var descending: Bool
    public var limit: Int
    public var offset: Int

    public init(search: String? = nil, group: String? = nil, status: MachineStatus? = nil, sort: SortColumn = .name,
                descending: Bool = false, limit: Int = 50, offset: Int = 0) {
        self.search = search
        self.group = group
        self.status = status
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.offset = offset
    }
}

extension StoreTx {
    /// The machine with `id`, or nil.
    public func machine(id: Int64) throws -> Machine? {
        try machines(where: "id = ?", [id]).first
    }

    /// What `recordMachineBoot` did.
    public enum BootRecord: Sendable, Equatable {
        /// The machine is booting at the phase and time given.
        case moved
        /// The machine has a later boot recorded: left alone.
        case kept
        /// There is no such machine (deleted meanwhile).
        case missing
    }

    /// Marks machine `id` booting at `phase` since `at` unless a later boot is recorded (the
    /// boot-phase batches' per-machine write): one UPDATE, and a look-up only when it changed
    /// nothing. Dates compare as GRDB's fixed-width text, bound without ICU (`DatabaseDateText`).
    public func recordMachineBoot(id: Int64, phase: BootPhase, at: Date) throws -> BootRecord {
        let text = DatabaseDateText.text(at)
        let update = try db.cachedStatement(sql: """
            UPDATE machines SET status = ?, lastBootPhase = ?, lastBootAt = ? WHERE id = ? AND (lastBootAt IS NULL OR lastBootAt <= ?)
            """)
        update.setUncheckedArguments([MachineStatus.booting.rawValue, phase.rawValue, text, id, text])
        try update.execute()
        if db.changesCount > 0 { return .moved }
        let exists = try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM machines WHERE id = ?"), arguments: [id]) != nil
        return exists ? .kept : .missing
    }

    /// The machine with `mac`, or nil.
    public func machine(mac: MACAddress) throws -> Machine? {
        try machines(where: "mac = ?", [mac.description]).first
    }

    /// The machine named `name` (case-insensitive), or nil.
    public func machine(named name: String) throws -> Machine? {
        try machines(where: "name = ?", [name]).first
    }

    /// The machine whose name has IQN host part `hostPart` (lowercase, '_' as '-'; see
    /// `ISCSINames.hostPart`) other than machine `excluding`, or nil.
    public func machine(hostPart: String, excluding id: Int64 = 0) throws -> Machine? {
        try machines(where: "REPLACE(LOWER(name), '_', '-') = ? AND id != ?", [hostPart, id]).first
    }

    /// The machine with fixed address `ip`, or nil.
    public func machine(ip: IPv4Address) throws -> Machine? {
        try machines(where: "ip = ?", [ip.description]).first
    }

    /// Every super workstation, by id.
    public func superWorkstations() throws -> [Machine] {
        try machines(where: "superWorkstation = 1", [], order: "id")
    }

    /// Every machine, by name.
    public func allMachines() throws -> [Machine] {
        try machines(where: "1", [])
    }

    /// One page of machines and the total that match the filters.
    public func machines(_ query: MachineListQuery) throws -> (items: [Machine], total: Int) {
        var conditions: [String] = []
        var args: Arguments = []
        if let search = query.search, !search.isEmpty {
            let p = likePattern(search)
            conditions.append("(name LIKE ? ESCAPE '\\' OR mac LIKE ? ESCAPE '\\' OR ip LIKE ? ESCAPE '\\' OR groupName LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\')")
            args += [p, p, p, p, p]
        }
        if let group = query.group {
            conditions.append("groupName = ?")
            args.append(group)
        }
        if let status = query.status {
            conditions.append("status = ?")
            args.append(status.rawValue)
        }
        let whereSQL = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM machines WHERE \(whereSQL)", arguments: StatementArguments(args)) ?? 0
        let column = switch query.sort {
        case .name: "name COLLATE NOCASE"
        case .mac: "mac"
        case .ip: "ipOrder"
        case .status: "status"
        case .lastBootAt: "lastBootAt"
        }
        let direction = query.descending ? "DESC" : "ASC"
        let items = try machines(where: whereSQL, args,
                                 order: "\(column) \(direction), id \(direction)",
                                 limit: max(0, query.limit), offset: max(0, query.offset))
        return (items, total)
    }

    /// Inserts `machine` (its id is ignored) and its boot menu; returns it with the new id.
    public func insertMachine(_ machine: Machine) throws -> Machine {
        try db.execute(sql: """
            INSERT INTO machines (name, mac, ip, ipOrder, defaultBootItem, diskMode, superWorkstation, groupName, power,
                allowBoot, status, lastBootAt, lastBootPhase, notes, chapSecret, createdAt, updatedAt, revision)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments(try columns(of: machine)))
        var stored = machine
        stored.id = db.lastInsertedRowID
        try replaceBootMenu(machine: stored.id, items: stored.bootItems)
        return stored
    }

    /// Writes every column of `machine` (matched by id) and replaces its boot menu.
    /// Returns false when no such machine exists.
    @discardableResult
    public func updateMachine(_ machine: Machine) throws -> Bool {
        try db.execute(sql: """
            UPDATE machines SET name = ?, mac = ?, ip = ?, ipOrder = ?, defaultBootItem = ?, diskMode = ?,
                superWorkstation = ?, groupName = ?, power = ?, allowBoot = ?, status = ?, lastBootAt = ?,
                lastBootPhase = ?, notes = ?, chapSecret = ?, createdAt = ?, updatedAt = ?, revision = ?
            WHERE id = ?
            """, arguments: StatementArguments(try columns(of: machine) + [machine.id]))
        guard db.changesCount > 0 else { return false }
        try replaceBootMenu(machine: machine.id, items: machine.bootItems)
        return true
    }

    /// Deletes the machine with `id` (its menu goes with it). Returns false when it did not exist.
    @discardableResult
    public func deleteMachine(id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM machines WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    /// Sets status (and optionally boot phase, time and IP-less bookkeeping) without touching the revision:
    /// these are observations, not edits, so they must not make an admin's If-Match fail.
    public func updateMachineStatus(id: Int64, status: MachineStatus, phase: BootPhase? = nil, bootAt: Date? = nil) throws {
        if let phase, let bootAt {
            // Cached: a boot storm's batches run it hundreds of times per transaction.
            try db.cachedStatement(sql: "UPDATE machines SET status = ?, lastBootPhase = ?, lastBootAt = ? WHERE id = ?")
                .execute(arguments: [status.rawValue, phase.rawValue, bootAt, id])
        } else {
            try db.execute(sql: "UPDATE machines SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
        }
    }

    /// Names of machines whose menu or default uses boot item `id`.
    public func machineNames(usingBootItem id: Int64) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT name FROM machines WHERE defaultBootItem = ?
               OR id IN (SELECT machineId FROM machine_boot_items WHERE bootItemId = ?)
            ORDER BY name COLLATE NOCASE
            """, arguments: [id, id])
    }

    /// Machine count per status.
    public func machineCountsByStatus() throws -> [MachineStatus: Int] {
        var out: [MachineStatus: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM machines GROUP BY status") {
            if let status = MachineStatus(rawValue: try row.value("status")) { out[status] = try row.value("n") }
        }
        return out
    }

    // MARK: - rows

    private func columns(of m: Machine) throws -> Arguments {
        [m.name, m.mac.description, m.ip?.description, m.ip.map { Int64($0.value) }, m.defaultBootItem, m.diskMode.rawValue,
         m.superWorkstation, m.group, try JSONColumn.encode(try StoreSecrets.seal(m.power, secrets)), m.allowBoot,
         m.status.rawValue, m.lastBootAt, m.lastBootPhase?.rawValue, m.notes, try StoreSecrets.seal(m.chapSecret, secrets),
         m.createdAt, m.updatedAt, m.revision]
    }

    private func replaceBootMenu(machine: Int64, items: [Int64]) throws {
        try db.execute(sql: "DELETE FROM machine_boot_items WHERE machineId = ?", arguments: [machine])
        for (position, item) in items.enumerated() {
            try db.execute(sql: "INSERT INTO machine_boot_items (machineId, position, bootItemId) VALUES (?, ?, ?)",
                           arguments: [machine, position, item])
        }
    }

    private func machines(where condition: String, _ args: Arguments, order: String = "name COLLATE NOCASE, id",
                          limit: Int = -1, offset: Int = 0) throws -> [Machine] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM machines WHERE \(condition) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)",
                                    arguments: StatementArguments(args))
        guard !rows.isEmpty else { return [] }
        var menus: [Int64: [Int64]] = [:]
        let ids = rows.compactMap { $0.optional("id") as Int64? }
        let placeholders = ids.map { _ in "?" }.joined(separator: ",")
        for row in try Row.fetchAll(db, sql: "SELECT machineId, bootItemId FROM machine_boot_items WHERE machineId IN (\(placeholders)) ORDER BY machineId, position",
                                    arguments: StatementArguments(ids)) {
            menus[try row.value("machineId"), default: []].append(try row.value("bootItemId"))
        }
        return try rows.map { row in
            let id: Int64 = try row.value("id")
            let macText: String = try row.value("mac")
            guard let mac = MACAddress(macText) else { throw StoreError.corrupt("machines.mac \(macText)") }
            let ipText: String? = row.optional("ip")
            let phaseText: String? = row.optional("lastBootPhase")
            return Machine(
                id: id, name: try row.value("name"), mac: mac, ip: ipText.flatMap { IPv4Address($0) },
                defaultBootItem: row.optional("defaultBootItem"), bootItems: menus[id] ?? [],
                diskMode: try row.enumValue("diskMode"), superWorkstation: try row.value("superWorkstation"),
                group: try row.value("groupName"),
                power: try StoreSecrets.open(try JSONColumn.decode(PowerConfig.self, from: try row.value("power"), column: "machines.power"),
                                             secrets),
                allowBoot: try row.value("allowBoot"), status: try row.enumValue("status"),
                lastBootAt: row.optional("lastBootAt"), lastBootPhase: phaseText.flatMap { BootPhase(rawValue: $0) },
                notes: try row.value("notes"),
                chapSecret: try StoreSecrets.open(row.optional("chapSecret"), secrets, column: "machines.chapSecret"),
                createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"),
                revision: try row.value("revision"))
        }
    }
}
