import Domain

/// Where the power and agent services write their events (the event service in the app, an array
/// in tests). Recording must not fail the operation it describes.
public typealias EventSink = @Sendable (Event) async -> Void
