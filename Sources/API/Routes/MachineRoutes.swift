import Domain
import Hummingbird
import Services

/// `/api/v1/machines`: list (filters q, group, status; sort), CRUD with ETag/If-Match, CSV import.
public struct MachineRoutes: RouteGroup {
    let machines: MachineService

    public init(machines: MachineService) { self.machines = machines }

    /// `POST /machines/{id}/default-boot-item`.
    struct DefaultBootItemInput: Decodable { var bootItem: Int64 }

    static let sortable: Set<String> = ["name", "mac", "ip", "status", "lastBootAt"]

    public func register(on api: RouterGroup<APIContext>) {
        api.get("machines") { request, context in
            _ = try context.caller()
            let page = try PageQuery(request, sortable: Self.sortable)
            var status: String?
            if let text = request.query("status") {
                guard MachineStatus(rawValue: text) != nil else {
                    throw ValidationError(field: "status", "must be one of \(MachineStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = text
            }
            let query = MachineQuery(q: request.query("q"), group: request.query("group"), status: status, sort: page.sort,
                                     limit: page.limit, offset: page.offset)
            let found = try await machines.list(query)
            let disks = await machines.diskStates()
            return try APIJSON.response(found.map { MachineView($0, disk: disks?[$0.id]) })
        }
        api.post("machines") { request, context in
            let caller = try context.caller(.operator_)
            let input = try await request.json(MachineInput.self, context: context)
            let machine = try await machines.create(input, by: caller)
            return try created(machine, path: "machines")
        }
        api.post("machines/import") { request, context in
            let caller = try context.caller(.operator_)
            let text = try await request.text(limit: APILimits.csvBodyBytes, accepting: ["text/csv", "text/plain"])
            let imported = try await machines.importCSV(text, by: caller)
            return try APIJSON.response(ImportResultView(imported: imported.count, items: imported.map(MachineView.init)))
        }
        api.get("machines/:id") { _, context in
            _ = try context.caller()
            let machine = try await machines.get(id: try context.id(of: .machine))
            let disk = await machines.diskStates()?[machine.id]
            return try APIJSON.response(MachineView(machine, disk: disk), headers: .etag(machine.revision))
        }
        api.put("machines/:id") { request, context in
            try await revised(request, context) { id, expected, caller in
                try await machines.update(id: id, try await request.json(MachineInput.self, context: context),
                                          expectedRevision: expected, by: caller)
            }
        }
        api.post("machines/:id/default-boot-item") { request, context in
            try await revised(request, context) { id, expected, caller in
                let input = try await request.json(DefaultBootItemInput.self, context: context)
                return try await machines.setDefaultBootItem(id: id, item: input.bootItem, expectedRevision: expected, by: caller)
            }
        }
        api.delete("machines/:id") { _, context in
            let caller = try context.caller(.operator_)
            _ = try await machines.delete(id: try context.id(of: .machine), by: caller)
            return APIJSON.noContent()
        }
    }

    /// An operator's change of machine `:id` honouring If-Match: the machine with its new ETag.
    func revised(_ request: Request, _ context: APIContext,
                 _ change: (_ id: Int64, _ expected: Int64?, Caller) async throws -> Machine) async throws -> Response {
        let caller = try context.caller(.operator_)
        let id = try context.id(of: .machine)
        let machine = try await change(id, try request.expectedRevision(), caller)
        return try APIJSON.response(MachineView(machine), headers: .etag(machine.revision))
    }

    func created(_ machine: Machine, path: String) throws -> Response {
        var headers = HTTPFields.etag(machine.revision)
        // Relative to the collection URL, so it stays right behind a proxy sub-path.
        headers[.location] = "\(path)/\(machine.id)"
        return try APIJSON.response(MachineView(machine), status: .created, headers: headers)
    }
}

/// Answer of a CSV import.
struct ImportResultView: Encodable, Sendable {
    var imported: Int
    var items: [MachineView]
}
