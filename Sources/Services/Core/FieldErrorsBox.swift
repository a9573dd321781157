import Domain

/// `FieldErrors` that throws a `ServiceError.validation`, so callers see one error type.
struct FieldErrorsBox {
    var inner = FieldErrors()

    mutating func add(_ field: String, _ message: String) { inner.add(field, message) }

    /// Runs a Domain validator; records its failure under `field` and returns nil.
    mutating func check<T>(_ field: String, _ body: () throws -> T) -> T? { inner.check(field, body) }

    var isEmpty: Bool { inner.isEmpty }
    var errors: [FieldError] { inner.errors }

    func throwIfAny() throws {
        if !inner.isEmpty { throw ServiceError.validation(ValidationError(inner.errors)) }
    }
}
