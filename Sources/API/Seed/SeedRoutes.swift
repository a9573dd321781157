import Domain
import Foundation
import Hummingbird
import Services

/// Migration from the prototype: `POST /import/seed` (admin; a zip of its `db/` CSVs and
/// `config.json`) and `GET /export/seed.zip` (the same files from the current records).
public struct SeedRoutes: RouteGroup {
    let seed: SeedService
    /// Image imports for `?contents=`.
    let versions: ImageVersionService

    public init(seed: SeedService, versions: ImageVersionService) {
        self.seed = seed
        self.versions = versions
    }

    /// Largest upload: the five files at their limit, compressed or not.
    static let maximumZipBytes = 5 * SeedFiles.maximumFileBytes + (1 << 20)
    static let zipTypes = ["application/zip", "application/x-zip-compressed", "application/octet-stream"]

    public func register(on api: RouterGroup<APIContext>) {
        api.post("import/seed") { request, context in
            let caller = try context.caller(.admin)
            let contents = try request.query("contents").map { try Validate.absolutePath($0, field: "contents") }
            let body = try await request.bytes(limit: Self.maximumZipBytes, accepting: Self.zipTypes)
            let files = try SeedZip.read(Data(body.readableBytesView))
            let result = try await seed.importSeed(files, by: caller)
            var view = SeedImportView(result)
            if let contents { await view.importContents(from: contents, versions: versions, by: caller) }
            return try APIJSON.response(view)
        }
        api.get("export/seed.zip") { _, context in
            _ = try context.caller()
            let zip = try SeedZip.write(try await seed.export(), modified: Date())
            var headers = HTTPFields()
            headers[.contentType] = "application/zip"
            headers[.contentDisposition] = "attachment; filename=\"seed.zip\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: zip)))
        }
    }
}
