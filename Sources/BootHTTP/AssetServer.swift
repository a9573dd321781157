import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the HTTP root read-only under `/assets/`: wimboot and WinPE files, kernels, initrds,
/// preseed files. Content-Length always, one byte range per request (206 / 416), optional
/// directory listing, and never a file outside the root (see `AssetPath`).
///
/// The body is read by Hummingbird's `FileIO` on NIO's thread pool in 128 KiB chunks; a true
/// sendfile(2) `FileRegion` is not reachable through Hummingbird's response body, so this is the
/// least-copy path the framework offers.
public struct AssetServer: Sendable {
    /// The root and the listing switch, read per request so settings changes apply at once.
    public typealias Config = @Sendable () async -> (root: String, directoryListing: Bool)

    let config: Config
    let fileIO: FileIO
    /// Bytes per read of the thread pool. 1 MiB rather than Hummingbird's 128 KiB: each chunk is
    /// a hop to the thread pool and back, and bench/assets (50 x 256 MiB) measured the larger
    /// chunk faster at less CPU; 50 downloads hold at most a few MiB each in flight.
    static let chunkBytes = 1 << 20

    public init(config: @escaping Config, fileIO: FileIO = FileIO()) {
        self.config = config
        self.fileIO = fileIO
    }

    /// Answers `GET` (or `HEAD` when `headOnly`) for `relative`, the percent-decoded path after
    /// `/assets/`.
    public func respond(to request: Request, relative: String, headOnly: Bool = false,
                        context: some RequestContext) async throws -> Response {
        let (rootPath, listing) = await config()
        guard let root = AssetPath(root: rootPath), let path = root.resolve(relative),
              let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            return Self.text(.notFound, "not found\n")
        }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory {
            guard listing else { return Self.text(.notFound, "not found\n") }
            return try directoryListing(path: path, relative: relative)
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular,
              let size = (attributes[.size] as? NSNumber)?.intValue else {
            return Self.text(.notFound, "not found\n")
        }
        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        headers[.contentType] = Self.contentType(path)
        if let modified = attributes[.modificationDate] as? Date {
            headers[.lastModified] = Self.httpDate(modified)
        }
        switch ByteRange.parse(request.headers[.range], size: size) {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            headers[.contentLength] = "0"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            let body = headOnly ? ResponseBody() : try await fileIO.loadFile(path: path, range: range, context: context,
                                                                                   chunkLength: Self.chunkBytes)
            return Response(status: .partialContent, headers: headers, body: body)
        case .whole:
            headers[.contentLength] = String(size)
            let body = headOnly || size == 0 ? ResponseBody() : try await fileIO.loadFile(path: path, context: context,
                                                                                                    chunkLength: Self.chunkBytes)
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// A plain HTML list of the directory's entries (dot files hidden), names escaped.
    func directoryListing(path: String, relative: String) throws -> Response {
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        let base = relative.isEmpty || relative.hasSuffix("/") ? relative : relative + "/"
        var html = "<!doctype html>\n<title>/assets/\(Self.escape(base))</title>\n<h1>/assets/\(Self.escape(base))</h1>\n<ul>\n"
        for name in names {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDir)
            let shown = name + (isDir.boolValue ? "/" : "")
            let href = "/assets/" + base + (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")
                + (isDir.boolValue ? "/" : "")
            html += "<li><a href=\"\(Self.escape(href))\">\(Self.escape(shown))</a></li>\n"
        }
        html += "</ul>\n"
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentLength] = String(html.utf8.count)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(body.utf8.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "ipxe", "cfg", "txt", "seed", "preseed": "text/plain; charset=utf-8"
        case "html", "htm": "text/html; charset=utf-8"
        case "iso": "application/x-iso9660-image"
        default: "application/octet-stream"
        }
    }

    static func httpDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}
