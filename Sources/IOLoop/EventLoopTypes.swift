/// What a registered file descriptor wants to hear about.
package struct EventInterest: OptionSet, Sendable, Hashable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Wake when the descriptor has bytes to read (or was closed by the peer).
    package static let readable = EventInterest(rawValue: 1)
    /// Wake when the descriptor can take more bytes.
    package static let writable = EventInterest(rawValue: 2)
}

/// What epoll reported for a registered file descriptor. Registrations are
/// edge-triggered: read or write until `EAGAIN` before waiting for the next report.
package struct EventReadiness: OptionSet, Sendable, Hashable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    package static let readable = EventReadiness(rawValue: 1)
    package static let writable = EventReadiness(rawValue: 2)
    /// The peer hung up (`EPOLLHUP`/`EPOLLRDHUP`); pending bytes may still be readable.
    package static let hangup = EventReadiness(rawValue: 4)
    /// `EPOLLERR`: the descriptor has a pending error.
    package static let error = EventReadiness(rawValue: 8)
}

/// Names one file descriptor registration on one `EventLoop`.
package struct RegistrationID: Hashable, Sendable {
    let rawValue: UInt64
}

/// Names one scheduled timer on one `EventLoop`.
package struct TimerID: Hashable, Sendable {
    let rawValue: UInt64
}
