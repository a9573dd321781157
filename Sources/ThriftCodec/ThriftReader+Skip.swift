extension ThriftReader {
    /// Skips one value of `type`, whatever it holds: how unknown fields of every type are ignored.
    public mutating func skip(_ type: ThriftType) throws(ThriftError) {
        switch type {
        case .stop, .void:
            throw .invalidField("cannot skip a value of type \(type.rawValue)")
        case .bool, .byte: _ = try take(1)
        case .i16: _ = try take(2)
        case .i32: _ = try take(4)
        case .i64, .double: _ = try take(8)
        case .uuid: _ = try take(16)
        case .string:
            let size = try readSize("string", limit: limits.maxStringSize)
            _ = try take(size)
        case .struct:
            try enter()
            while let field = try readFieldBegin() { try skip(field.type) }
            leave()
        case .list, .set:
            try enter()
            let (element, count) = try readListBegin()
            for _ in 0..<count { try skip(element) }
            leave()
        case .map:
            try enter()
            let (key, value, count) = try readMapBegin()
            for _ in 0..<count {
                try skip(key)
                try skip(value)
            }
            leave()
        }
    }
}
