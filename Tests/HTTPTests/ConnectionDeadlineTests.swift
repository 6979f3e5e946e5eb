import Glibc
import HTTP
import Testing

/// Issue 9 through the real server: every connection state has a deadline, a full connection
/// table sheds its silent and idle connections, and a client that does not read is bounded.
@Suite struct ConnectionDeadlineTests {
    @Test func silentSocketGets408AtTheHeadDeadlineFromAccept() throws {
        try TestServer.withServer(configuration: .make(headerTimeout: .milliseconds(600))) { server, port in
            let start = ContinuousClock.now
            let socket = try RawSocket(port: port)
            let (text, closed) = socket.readToEnd()
            let took = ContinuousClock.now - start
            #expect(text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
            #expect(text.contains(#""code":"request_timeout""#))
            #expect(closed)
            #expect(took >= .milliseconds(550) && took < .seconds(3), "closed after \(took)")
            #expect(waitUntil { server.statistics().connectionsOpen == 0 })
        }
    }

    @Test func dribbledFirstHeadIsTimedFromAccept() throws {
        try TestServer.withServer(configuration: .make(headerTimeout: .milliseconds(800))) { _, port in
            let start = ContinuousClock.now
            let socket = try RawSocket(port: port)
            usleep(500_000)
            socket.send("GET /hello HTTP/1.1\r\n")
            let (text, closed) = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 408 "))
            #expect(closed)
            #expect(ContinuousClock.now - start < .milliseconds(1_250), "the head deadline counts from accept, not from the first byte")
        }
    }

    @Test func fullConnectionTableShedsTheOldestSilentConnection() throws {
        try TestServer.withServer(configuration: .make(threads: 1, maxConnections: 50)) { server, port in
            let silent = try (0..<50).map { _ in try RawSocket(port: port, receiveTimeout: .seconds(2)) }
            #expect(waitUntil { server.statistics().connectionsOpen == 50 })
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            #expect(try client.send(HTTPClientRequest(target: "/hello")).status == 200)
            let statistics = server.statistics()
            #expect(statistics.connectionsShed == 1)
            #expect(statistics.connectionsOpen == 50)
            // The oldest silent connection was the one closed (no bytes, end of stream).
            let (text, closed) = silent[0].readToEnd()
            #expect(text.isEmpty && closed)
            #expect(silent[49].send("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
            #expect(silent[49].readToEnd().text.hasPrefix("HTTP/1.1 200 OK"))
        }
    }

    @Test func idleKeepAliveConnectionsAreShedToo() throws {
        try TestServer.withServer(configuration: .make(threads: 1, maxConnections: 2)) { server, port in
            let first = try RawSocket(port: port)
            first.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(first.readOnce().hasPrefix("HTTP/1.1 200"))
            let second = try RawSocket(port: port)
            second.send("GET /hello HTTP/1.1\r\n")  // mid-head: busy, never shed
            #expect(waitUntil { server.statistics().connectionsOpen == 2 })
            let third = try HTTPClient(host: "127.0.0.1", port: port)
            #expect(try third.send(HTTPClientRequest(target: "/hello")).status == 200)
            #expect(first.readToEnd().closed)
            #expect(server.statistics().connectionsShed == 1)
            second.send("Host: a\r\nConnection: close\r\n\r\n")
            #expect(second.readToEnd().text.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test func nonReadingPipeliningClientIsPausedAndBounded() throws {
        let configuration = HTTPServerConfiguration.make(threads: 1, drainTimeout: .seconds(2))
        try TestServer.withServer(configuration: configuration) { server, port in
            let socket = try RawSocket(port: port)
            var small: Int32 = 4096
            setsockopt(socket.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            let request = Array("GET /big/16 HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
            // 4,000 requests asking for 64 MB in all; the client reads nothing.
            var sent = 0
            let batch = Array([[UInt8]](repeating: request, count: 100).joined())
            var flags = fcntl(socket.fd, F_GETFL)
            flags |= O_NONBLOCK
            _ = fcntl(socket.fd, F_SETFL, flags)
            let deadline = ContinuousClock.now + .seconds(3)
            while sent < 40 && ContinuousClock.now < deadline {
                let count = batch.withUnsafeBytes { Glibc.send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count == batch.count { sent += 1 } else { usleep(10_000) }
            }
            #expect(waitUntil { server.statistics().pausedConnections == 1 })
            let statistics = server.statistics()
            // Bounded: at most the cap plus one response and the socket buffers, not 64 MB.
            #expect(statistics.outputQueuedBytes <= 256 * 1024 + 17 * 1024, "\(statistics.outputQueuedBytes) bytes queued")
            print("non-reading pipeliner: \(statistics.outputQueuedBytes) bytes queued, paused \(statistics.pausedConnections)")
            // It never drains: closed after the drain timeout, counted.
            #expect(waitUntil(timeout: .seconds(6)) { server.statistics().closedUndrained == 1 })
            // The count comes first in the loop's close; the paused gauge and the budget follow it a
            // moment later (this thread reads them while the loop runs).
            #expect(waitUntil { server.statistics().pausedConnections == 0 })
            #expect(waitUntil { server.statistics().outputQueuedBytes == 0 }, "\(server.statistics().outputQueuedBytes) bytes still queued")
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            #expect(try client.send(HTTPClientRequest(target: "/hello")).status == 200)
        }
    }

    @Test func slowReaderResumesWhenItsOutputDrains() throws {
        try TestServer.withServer(configuration: .make(threads: 1)) { server, port in
            let socket = try RawSocket(port: port)
            let count = 400  // 6.4 MB: more than the loopback socket buffers hold
            socket.send(String(repeating: "GET /big/16 HTTP/1.1\r\nHost: a\r\n\r\n", count: count))
            #expect(waitUntil { server.statistics().pausedConnections == 1 })
            var received = 0
            var buffer = [UInt8](repeating: 0, count: 65536)
            let expected = count * 16 * 1024
            while received < expected {
                let n = buffer.withUnsafeMutableBytes { read(socket.fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                received += n
            }
            #expect(received > expected, "every response arrives once the client reads (\(received) bytes)")
            #expect(waitUntil { server.statistics().pausedConnections == 0 })
        }
    }
}
