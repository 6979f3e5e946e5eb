import Glibc

@testable import Redis

/// A tiny poll(2) loop standing in for the server's epoll loop: level-triggered,
/// write interest only while `flush()` says `.wouldBlock`.
enum PollDriver {
    /// Drives `connection` until `done()` or `limit` passes. Returns whether `done()` became true.
    @discardableResult
    static func run(
        _ connection: RedisPipelinedConnection, limit: Duration = .seconds(5), until done: () -> Bool
    ) -> Bool {
        let deadline = ContinuousClock.now + limit
        var writeInterest = connection.flush() == .wouldBlock
        while !done() && ContinuousClock.now < deadline {
            guard let fd = connection.fileDescriptor else { break }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN) | (writeInterest ? Int16(POLLOUT) : 0), revents: 0)
            let ready = poll(&descriptor, 1, 10)
            if ready > 0 {
                if descriptor.revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 { connection.readable() }
                if descriptor.revents & Int16(POLLOUT) != 0 { _ = connection.flush() }
            }
            connection.expireTimedOut(now: .now)
            writeInterest = connection.flush() == .wouldBlock
        }
        return done()
    }
}
