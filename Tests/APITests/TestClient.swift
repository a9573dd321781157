import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer, with the body decoded as JSON when it is JSON.
struct TestResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }

    /// `errors[].field` of a problem document.
    var problemFields: [String] {
        (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    var isProblem: Bool { header("Content-Type")?.hasPrefix("application/problem+json") == true }
}

/// A tiny HTTP client over the loopback socket, one helper per verb. It keeps the session cookie
/// and CSRF token of the last login, or sends a bearer token.
final class TestClient: @unchecked Sendable {
    let base: URL
    let session: URLSession
    var cookie: String?
    var csrf: String?
    var bearer: String?

    init(port: Int) {
        base = URL(string: "http://127.0.0.1:\(port)")!
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    func request(_ method: String, _ path: String, body: Data? = nil, contentType: String? = "application/json",
                 headers: [String: String] = [:], authenticate: Bool = true) async throws -> TestResponse {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        if authenticate {
            if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
            if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
            if let csrf, method != "GET" { request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields["\(k)"] = "\(v)" }
        return TestResponse(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String, headers: [String: String] = [:], authenticate: Bool = true) async throws -> TestResponse {
        try await request("GET", path, headers: headers, authenticate: authenticate)
    }

    func post(_ path: String, _ json: Any = [String: Any](), headers: [String: String] = [:],
              authenticate: Bool = true) async throws -> TestResponse {
        try await request("POST", path, body: try JSONSerialization.data(withJSONObject: json), headers: headers,
                          authenticate: authenticate)
    }

    func put(_ path: String, _ json: Any, headers: [String: String] = [:], authenticate: Bool = true) async throws -> TestResponse {
        try await request("PUT", path, body: try JSONSerialization.data(withJSONObject: json), headers: headers,
                          authenticate: authenticate)
    }

    func delete(_ path: String, headers: [String: String] = [:], authenticate: Bool = true) async throws -> TestResponse {
        try await request("DELETE", path, headers: headers, authenticate: authenticate)
    }

    func raw(_ method: String, _ path: String, body: String, contentType: String?) async throws -> TestResponse {
        try await request(method, path, body: Data(body.utf8), contentType: contentType)
    }

    /// Logs in and keeps the cookie and CSRF token for later requests.
    @discardableResult
    func login(_ username: String, _ password: String) async throws -> TestResponse {
        let response = try await post("/api/v1/session", ["username": username, "password": password], authenticate: false)
        if let setCookie = response.header("Set-Cookie"), let pair = setCookie.split(separator: ";").first {
            cookie = String(pair)
        }
        csrf = response.json["csrfToken"] as? String
        return response
    }
}
