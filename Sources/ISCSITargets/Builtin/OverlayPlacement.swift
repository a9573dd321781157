import Domain

/// Where the built-in target driver puts overlays and how large each may grow: the settings'
/// `iscsi.builtin` in effect, changed live by a settings update (new applies use the new values).
public final class OverlayPlacement: Sendable {
    public struct Value: Sendable, Hashable {
        /// Absolute directory of the overlays and their maps.
        public var root: String
        /// The most bytes one overlay may hold; nil = as large as the disk.
        public var capBytes: UInt64?

        public init(root: String, capBytes: UInt64? = nil) {
            self.root = root
            self.capBytes = capBytes
        }
    }

    private let value: Locked<Value>

    public init(_ value: Value) { self.value = Locked(value) }

    public var current: Value {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
