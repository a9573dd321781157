import Domain
import Foundation
import Store

extension ImageVersionService {
    /// `POST /images/{id}/import {path}`: copies a raw disk image from a server path into the
    /// working copy as a job (progress, cancel). The image is `importing` meanwhile; commit makes
    /// the result a version.
    public func importImage(imageID: Int64, path: String, by caller: Caller) async throws -> Job {
        let path = try ServiceError.checking { try Validate.absolutePath(path, field: "path") }
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw ServiceError.invalid("path", "\(Validate.shown(path)) is not a regular file on the server")
        }
        let size = Int64(st.st_size)
        let (image, writer) = try await beginImport(imageID: imageID, bytes: size)
        return try await jobs.start(kind: "image.import", subject: "image/\(image.id)", total: size, by: caller) { [self] progress in
            try await finishImport(imageID: imageID) {
                guard let source = FileHandle(forReadingAtPath: path) else { throw ServiceError.unavailable("cannot open \(path)") }
                defer { try? source.close() }
                while let chunk = try source.read(upToCount: 1 << 20), !chunk.isEmpty {
                    try writer.write(chunk)
                    try await progress.report(bytesDone: writer.written)
                }
                try writer.finish()
                return "imported \(writer.written) bytes from \(path)"
            }
        }
    }

    /// `PUT /images/{id}/content`: a streamed upload. Returns the job and the channel the caller
    /// feeds with the request body's chunks and then finishes; the job ends with the channel.
    public func upload(imageID: Int64, contentLength: Int64?, by caller: Caller) async throws -> (Job, ByteChannel) {
        let (image, writer) = try await beginImport(imageID: imageID, bytes: contentLength)
        let channel = ByteChannel()
        let job = try await jobs.start(kind: "image.upload", subject: "image/\(image.id)", total: contentLength, by: caller) { [self] progress in
            do {
                return try await finishImport(imageID: imageID) {
                    while let chunk = await channel.receive() {
                        try writer.write(chunk)
                        try await progress.report(bytesDone: writer.written)
                    }
                    if let contentLength, writer.written != contentLength {
                        throw ServiceError.invalid("content", "the upload ended after \(writer.written) of \(contentLength) bytes")
                    }
                    try writer.finish()
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
                throw ServiceError.conflict("image \(Validate.shown(image.name)) is \(image.state.rawValue): wait for it to be ready")
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

    /// Runs the copy and puts the image back to `ready` whatever happens.
    func finishImport(imageID: Int64, _ copy: () async throws -> String) async throws -> String {
        do {
            let message = try await copy()
            _ = try await updateImage(imageID) { $0.state = .ready }
            return message
        } catch {
            _ = try? await updateImage(imageID) { $0.state = .ready }
            throw error
        }
    }
}
