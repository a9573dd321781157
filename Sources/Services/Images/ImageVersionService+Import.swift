import Domain
import Foundation
import Store

extension ImageVersionService {
    /// `POST /images/{id}/import {path}`: copies a raw disk image from a server path into the
    /// working copy as a job (progress, cancel). Only files inside the import roots are read
    /// (`ImportSource`). The image is `importing` meanwhile; commit makes the result a version.
    public func importImage(imageID: Int64, path: String, by caller: Caller) async throws -> Job {
        let path = try ServiceError.checking { try Validate.absolutePath(path, field: "path") }
        let settings = try await context.read { tx in try tx.settings() ?? Settings() }
        let source: ImportSource
        do {
            source = try ImportSource.open(path, roots: ImportSource.roots(settings.storage, dataDir: context.config.dataDir),
                                           deviceRoots: settings.storage.importDeviceRoots)
        } catch {
            await context.events.recordQuietly(context.event(caller, "image.import", "image/\(imageID)", .failure, "\(error)"))
            throw error
        }
        let size = source.size
        let (image, writer) = try await beginImport(imageID: imageID, bytes: size)
        return try await jobs.start(kind: "image.import", subject: "image/\(image.id)", total: size, by: caller) { [self] progress in
            try await finishImport(imageID: imageID) {
                while let chunk = try source.handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    try writer.write(chunk)
                    try await progress.report(bytesDone: writer.written)
                }
                try writer.finish()
                guard writer.written == size else {
                    throw ServiceError.unavailable("\(source.path) ended after \(writer.written) of \(size) bytes")
                }
                return "imported \(writer.written) bytes from \(source.path)"
            }
        }
    }

    /// `PUT /images/{id}/content`: a streamed upload. Returns the job and the channel the caller
    /// feeds with the request body's chunks and then finishes (or aborts: the body broke off); the
    /// job ends with the channel. The declared size (`contentLength`, or the image's size when
    /// `full`) must be what arrives; any failure puts the working copy back as it was.
    public func upload(imageID: Int64, contentLength: Int64?, full: Bool = false,
                       by caller: Caller) async throws -> (Job, ByteChannel) {
        let expected = full ? try await loadImage(imageID).sizeBytes : contentLength
        if full, let contentLength, let expected, contentLength != expected {
            throw ServiceError.invalid("content", "a full upload is \(expected) bytes (the image's size), not the \(contentLength) bytes of Content-Length")
        }
        let (image, writer) = try await beginImport(imageID: imageID, bytes: expected)
        let channel = ByteChannel()
        let job = try await jobs.start(kind: "image.upload", subject: "image/\(image.id)", total: expected, by: caller) { [self] progress in
            do {
                return try await finishImport(imageID: imageID) {
                    while let chunk = try await channel.receive() {
                        try writer.write(chunk)
                        try await progress.report(bytesDone: writer.written)
                    }
                    try writer.finish()  // writes the last partial block: `written` counts it from here
                    if let expected, writer.written != expected {
                        throw ServiceError.invalid("content", "the upload ended after \(writer.written) of \(expected) declared bytes")
                    }
                    return "uploaded \(writer.written) bytes"
                }
            } catch {
                await channel.close("\(error)")
                throw error
            }
        }
        return (job, channel)
    }

    /// Checks the image can take `bytes`, marks it `importing`, opens its working copy.
    func beginImport(imageID: Int64, bytes: Int64?) async throws -> (Image, ContentWriter) {
        try await queue.run { [self] in
            let image = try await loadImage(imageID)
            guard image.state == .ready else {
                throw ServiceError.conflict(.imageBusy, "image \(Validate.shown(image.name)) is \(image.state.rawValue): wait for it to be ready")
            }
            if let bytes, bytes > image.sizeBytes {
                throw ServiceError.invalid("content", "the content is \(bytes) bytes, larger than the image (\(image.sizeBytes) bytes): grow the image first")
            }
            let working = DiskNames.working(image: imageID)
            if !(try await storage.listVolumes()).contains(where: { $0.name == working }) {
                try await driver { try await storage.createVolume(working, sizeBytes: image.sizeBytes) }
            }
            let writer = try ContentWriter(backing: storage.backing(of: working), sizeBytes: image.sizeBytes)
            let updated = try await updateImage(imageID) { $0.state = .importing }
            return (updated, writer)
        }
    }

    /// Runs the copy and puts the image back to `ready` whatever happens. A failed or cancelled
    /// copy leaves partial data: the working copy goes back to the current version (or empty)
    /// first, so the partial content can never be committed.
    func finishImport(imageID: Int64, _ copy: () async throws -> String) async throws -> String {
        do {
            let message = try await copy()
            _ = try await updateImage(imageID) { i in
                i.state = .ready
                i.workingChanged = true
            }
            return message
        } catch {
            // A fresh task: a cancelled job's task cannot write to the database.
            await Task { await self.discardPartialImport(imageID: imageID, because: "\(error)") }.value
            throw error
        }
    }
}
