/// A value that belongs to one event loop: any thread may hold and pass it on (it is `Sendable`),
/// only the loop's own thread may reach the value — and debug builds check that on every access.
///
/// This is how loop-confined state crosses a `Sendable` boundary (`execute`, a responder handed to
/// a task, a server's list of its loops' state) without an `@unchecked Sendable` on the state's
/// own type: the state stays non-`Sendable`, the wrapper carries it, and `value` traps in a debug
/// build when read or written off the loop (`EventLoop.assertInEventLoop`; compiled out in release,
/// so the hot path pays nothing).
///
/// Make one on the loop (`init(_:loop:)`), or off it for a value handed over whole
/// (`init(sending:loop:)`: the caller keeps no other reference to it).
package struct LoopBound<Value>: @unchecked Sendable {
    // @unchecked: `storage` is reachable only through `value`, whose every access asserts that
    // it runs on `loop`'s thread; the type exists to make that rule checked rather than promised.
    /// The loop whose thread alone may touch the value. Readable from any thread.
    package let loop: EventLoop
    @usableFromInline var storage: Value

    /// Binds `value`, made on `loop`'s thread, to that loop. Call on `loop`'s thread.
    @inlinable @inline(__always)
    package init(_ value: Value, loop: EventLoop) {
        loop.assertInEventLoop()
        self.loop = loop
        self.storage = value
    }

    /// Binds `value` to `loop` from any thread. `sending`: the caller gives the value up, so
    /// nothing else reaches it but through this wrapper, on the loop.
    @inlinable @inline(__always)
    package init(sending value: sending Value, loop: EventLoop) {
        self.loop = loop
        self.storage = value
    }

    /// The value. Loop thread only (asserted in debug builds). Inlinable, so a release build
    /// reaches it as a plain stored property, specialised, with nothing left of the check.
    @inlinable
    package var value: Value {
        @inline(__always) get {
            loop.assertInEventLoop()
            return storage
        }
        @inline(__always) _modify {
            loop.assertInEventLoop()
            yield &storage
        }
    }

    /// Runs `body` with the value on the loop: at once when called on the loop's thread,
    /// otherwise queued with `execute`.
    package func withValueOnLoop(_ body: @escaping @Sendable (Value) -> Void) {
        if loop.inEventLoop {
            body(value)
        } else {
            let bound = self
            loop.execute { body(bound.value) }
        }
    }
}
