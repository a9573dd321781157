/// One rejected input field: which field (a JSON path such as `mac` or `dhcp.rangeStart`) and why.
public struct FieldError: Codable, Sendable, Hashable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Input that failed validation. Doors map it to 422 (REST) or a result code (Thrift).
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(field: String, _ message: String) { self.errors = [FieldError(field: field, message: message)] }

    public var description: String {
        errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}

/// Collects field errors while a whole input is checked, so one response names every bad field.
public struct FieldErrors: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Runs a validator; on failure records its errors (re-keyed to `field`) and returns nil.
    public mutating func check<T>(_ field: String, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let error as ValidationError {
            for e in error.errors {
                errors.append(FieldError(field: e.field.isEmpty ? field : e.field, message: e.message))
            }
            return nil
        } catch {
            add(field, "\(error)")
            return nil
        }
    }

    public var isEmpty: Bool { errors.isEmpty }

    /// Throws a `ValidationError` when anything was recorded.
    public func throwIfAny() throws {
        if !errors.isEmpty { throw ValidationError(errors) }
    }
}
