import Domain
import Hummingbird
import Services

/// `/api/v1/jobs`: long work (uploads, imports) with progress; DELETE cancels.
public struct JobRoutes: RouteGroup {
    let jobs: JobService

    public init(jobs: JobService) { self.jobs = jobs }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("jobs") { request, context in
            _ = try context.caller()
            let page = try PageQuery(request)
            guard let text = request.query("state") else {
                return try APIJSON.response(try await jobs.list(limit: page.limit, offset: page.offset))
            }
            guard let state = JobState(rawValue: text) else {
                throw ValidationError(field: "state", "must be one of running, succeeded, failed, cancelled")
            }
            // The service pages without a state filter: filter the most recent jobs here.
            let recent = try await jobs.list(limit: Paging.maximumLimit, offset: 0).items.filter { $0.state == state }
            return try APIJSON.response(Page(items: Array(recent.dropFirst(page.offset).prefix(page.limit)), total: recent.count,
                                             limit: page.limit, offset: page.offset))
        }
        api.get("jobs/:id") { _, context in
            _ = try context.caller()
            return try APIJSON.response(try await jobs.get(id: try context.id(of: .job)))
        }
        api.delete("jobs/:id") { _, context in
            let caller = try context.caller(.operator_)
            return try APIJSON.response(try await jobs.cancel(id: try context.id(of: .job), by: caller))
        }
    }
}
