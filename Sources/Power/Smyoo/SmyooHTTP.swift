import Domain
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One Smyoo call over HTTP (FoundationNetworking, as the webhook driver), bounded by a deadline.
enum SmyooHTTP {
    /// POSTs `body` to `<base>/<path>` with the session cookie. A 401/403 is returned as a refused
    /// answer (so an old session is renewed); any other non-2xx status, an answer that is not JSON,
    /// a refused connection and the deadline passing are `DriverError`s naming the call.
    static func post(_ base: String, _ path: String, body: Data, session: String?, urlSession: URLSession,
                     deadline: ContinuousClock.Instant) async throws -> SmyooAPI.Answer {
        let what = "smyoo \(path)"
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard let url = URL(string: trimmed + "/" + path) else { throw DriverError.invalid("smyoo base url \(base)") }
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw DriverError.timedOut("\(what): no time left within the power timeout") }
        var request = URLRequest(url: url, timeoutInterval: max(0.05, seconds(remaining)))
        request.httpMethod = "POST"
        request.setValue("application/json; charset=UTF-8", forHTTPHeaderField: "Content-Type")
        if let session { request.setValue("BpeSessionId=\(session)", forHTTPHeaderField: "Cookie") }
        request.httpBody = body
        let (status, data) = try await bounded(request, urlSession: urlSession, deadline: deadline, what: what)
        if status == 401 || status == 403 {
            return SmyooAPI.Answer(code: -status, message: "http \(status): \(String(decoding: data.prefix(200), as: UTF8.self))", data: [:])
        }
        guard (200..<300).contains(status) else {
            throw DriverError.commandFailed(command: what, status: Int32(clamping: status),
                                            output: "http \(status): \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        do {
            return try SmyooAPI.answer(data)
        } catch {
            let text: String = switch error {
            case .notJSON(let start): "answer is not JSON: \(start)"
            case .noResultCode: "answer has no resultCode"
            }
            throw DriverError.commandFailed(command: what, status: Int32(clamping: status), output: text)
        }
    }

    /// The request raced against the deadline: whichever ends first wins, the other is cancelled.
    static func bounded(_ request: URLRequest, urlSession: URLSession, deadline: ContinuousClock.Instant,
                        what: String) async throws -> (Int, Data) {
        try await withThrowingTaskGroup(of: (Int, Data)?.self) { group in
            group.addTask {
                do {
                    let (data, response) = try await urlSession.data(for: request)
                    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
                } catch let error as URLError where error.code == .timedOut {
                    throw DriverError.timedOut("\(what): no answer within the power timeout")
                } catch let error as URLError where error.code == .cancelled {
                    return nil
                } catch is CancellationError {
                    return nil
                } catch {
                    throw DriverError.unavailable("\(what): \(error.localizedDescription)")
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw DriverError.timedOut("\(what): no answer within the power timeout") }
            return first
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
