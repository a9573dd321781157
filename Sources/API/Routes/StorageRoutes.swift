import Domain
import Foundation
import Hummingbird
import Services

/// Image content, versions and maintenance (`ImageVersionService`); machine resets, targets,
/// reconcile and storage status (`DiskProvisioner`): everything that touches disks and targets.
public struct StorageRoutes: RouteGroup {
    let disks: DiskProvisioner
    let versions: ImageVersionService
    let images: ImageService

    public init(disks: DiskProvisioner, versions: ImageVersionService, images: ImageService) {
        self.disks = disks
        self.versions = versions
        self.images = images
    }

    struct CommitInput: Decodable { var note: String? }
    struct RollbackInput: Decodable { var version: Int }
    struct PathImport: Decodable { var path: String }

    public func register(on api: RouterGroup<APIContext>) {
        api.put("images/:id/content") { request, context in
            let caller = try context.caller(.operator_)
            let id = try context.id(of: .image)
            if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/octet-stream") {
                throw APIError.unsupportedMediaType("content type \(type) is not accepted here; send application/octet-stream")
            }
            let length = request.headers[.contentLength].flatMap { Int64($0) }
            let full = try fullUpload(request)
            let (job, channel) = try await versions.upload(imageID: id, contentLength: length, full: full, by: caller)
            do {
                for try await buffer in request.body { try await channel.send(Array(buffer.readableBytesView)) }
            } catch {
                // The body broke off (client gone, connection cut), or the job stopped (cancelled,
                // too large): either way the job fails and its state says why.
                await channel.abort("\(error)")
                return try APIJSON.response(try await versions.jobs.wait(id: job.id), status: .accepted)
            }
            await channel.finish()
            return try APIJSON.response(try await versions.jobs.wait(id: job.id), status: .accepted)
        }
        api.post("images/:id/import") { request, context in
            let caller = try context.caller(.operator_)
            let id = try context.id(of: .image)
            let input = try await request.decode(as: PathImport.self, context: context)
            return try APIJSON.response(try await versions.importImage(imageID: id, path: input.path, by: caller), status: .accepted)
        }
        api.post("images/:id/commit") { request, context in
            let caller = try context.caller(.operator_)
            let id = try context.id(of: .image)
            let body = try await request.body.collect(upTo: 4096)
            let input = body.readableBytes == 0 ? CommitInput(note: nil)
                : try APIJSON.decoder.decode(CommitInput.self, from: Data(body.readableBytesView))
            return try await view(try await versions.commit(imageID: id, note: input.note ?? "", by: caller))
        }
        api.post("images/:id/discard") { _, context in
            let caller = try context.caller(.operator_)
            return try await view(try await versions.discard(imageID: try context.id(of: .image), by: caller))
        }
        api.post("images/:id/rollback") { request, context in
            let caller = try context.caller(.operator_)
            let id = try context.id(of: .image)
            let input = try await request.decode(as: RollbackInput.self, context: context)
            return try await view(try await versions.rollback(imageID: id, version: input.version, by: caller))
        }
        api.delete("images/:id/versions/:n") { _, context in
            let caller = try context.caller(.operator_)
            let id = try context.id(of: .image)
            guard let n = context.parameters.get("n").flatMap(Int.init), n > 0 else {
                throw APIError.notFound(.versionNotFound, "no such version")
            }
            try await versions.deleteVersion(imageID: id, n: n, by: caller)
            return APIJSON.noContent()
        }
        api.post("machines/:id/reset") { _, context in
            let caller = try context.caller(.operator_)
            return try APIJSON.response(MachineView(try await disks.resetMachine(id: try context.id(of: .machine), by: caller)))
        }
        api.get("targets") { _, context in
            _ = try context.caller()
            return try APIJSON.response(try await disks.targetsView())
        }
        api.post("reconcile") { _, context in
            let caller = try context.caller(.operator_)
            return try APIJSON.response(try await disks.reconcile(by: caller))
        }
        api.get("storage") { _, context in
            _ = try context.caller()
            return try APIJSON.response(await disks.statusView())
        }
    }

    /// `?full=true`: the body is the whole image, so it must be exactly the image's size.
    func fullUpload(_ request: Request) throws -> Bool {
        switch request.query("full") {
        case nil, "false", "0": false
        case "true", "1": true
        case let other?: throw ValidationError(field: "full", "must be true or false, not \(Validate.shown(other))")
        }
    }

    func view(_ image: Image) async throws -> Response {
        try APIJSON.response(ImageView(image, usedBy: try await images.usedBy(id: image.id), lifecycle: try await images.lifecycle(image)),
                             headers: .etag(image.revision))
    }
}
