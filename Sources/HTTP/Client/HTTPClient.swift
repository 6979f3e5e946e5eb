import Glibc
import IOLoop

/// A small blocking HTTP/1.1 client with keep-alive, for tests and the replay tool. One
/// connection, used from one thread at a time. Reconnects (once per call) when the server
/// closed a kept-alive connection.
package final class HTTPClient {
    private let host: String
    private let port: Int
    private let timeout: Duration
    private var fd: Int32 = -1
    private var reader = ResponseReader()

    /// Connects to `host:port` (an IPv4 address or `localhost`).
    /// - Parameter timeout: bound on every connect, read and write.
    /// - Throws: `HTTPClientError` when the connection cannot be made.
    package init(host: String, port: Int, timeout: Duration = .seconds(10)) throws {
        self.host = host
        self.port = port
        self.timeout = timeout
        try connect()
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Closes the connection (the next call reconnects).
    package func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        reader = ResponseReader()
    }

    /// Sends one request and reads its response.
    /// - Throws: `HTTPClientError`.
    package func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        let responses = try sendPipelined([request])
        guard let response = responses.first else { throw HTTPClientError.closed }
        return response
    }

    /// Writes all requests in one write, then reads their responses in order.
    /// - Throws: `HTTPClientError`; `closed` when the server closed before answering them all.
    package func sendPipelined(_ requests: [HTTPClientRequest]) throws -> [HTTPClientResponse] {
        var bytes: [UInt8] = []
        for request in requests { encode(request, into: &bytes) }
        let reused = fd >= 0 && reader.hasServed
        do {
            return try exchange(bytes, requests)
        } catch let error as HTTPClientError where reused && (error.code == "connection_closed" || error.code == "io_failed") {
            close()
            return try exchange(bytes, requests)
        }
    }

    private func exchange(_ bytes: [UInt8], _ requests: [HTTPClientRequest]) throws -> [HTTPClientResponse] {
        if fd < 0 { try connect() }
        try writeAll(bytes)
        var responses: [HTTPClientResponse] = []
        for request in requests {
            let response = try readResponse(headRequest: request.method == "HEAD")
            responses.append(response)
            if HTTPHeadersListCheck.closes(response.headers) {
                close()
                guard responses.count == requests.count else { throw HTTPClientError.closed }
            }
        }
        return responses
    }

    private func encode(_ request: HTTPClientRequest, into bytes: inout [UInt8]) {
        bytes.append(contentsOf: "\(request.method) \(request.target) HTTP/1.1\r\n".utf8)
        if !request.headers.contains("Host") { bytes.append(contentsOf: "Host: \(host):\(port)\r\n".utf8) }
        for field in request.headers {
            bytes.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8)
        }
        let framed = request.headers.contains("Content-Length") || request.headers.contains("Transfer-Encoding")
        if !framed && (!request.body.isEmpty || request.method == "POST" || request.method == "PUT") {
            bytes.append(contentsOf: "Content-Length: \(request.body.count)\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        bytes.append(contentsOf: request.body)
    }

    private func connect() throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            throw HTTPClientError.connectFailed("'\(host)' is not an IPv4 address", errno: EINVAL)
        }
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { throw HTTPClientError.connectFailed("socket", errno: errno) }
        var interval = timeval(
            tv_sec: Int(timeout.components.seconds),
            tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000)
        )
        let size = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &interval, size)
        _ = setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &interval, size)
        var one: Int32 = 1
        _ = setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let rc = retryingInterrupts {
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard rc == 0 else {
            let code = errno
            Glibc.close(socketFD)
            throw HTTPClientError.connectFailed("connect to \(host):\(port)", errno: code)
        }
        fd = socketFD
        reader = ResponseReader()
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return retryingInterrupts { Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            guard count > 0 else {
                let code = errno
                close()
                if code == EAGAIN { throw HTTPClientError.timedOut }
                throw HTTPClientError.io("write", errno: code)
            }
            offset += count
        }
    }

    private func readResponse(headRequest: Bool) throws -> HTTPClientResponse {
        while true {
            switch try reader.next(headRequest: headRequest) {
            case .some(let response): return response
            case .none: try fill()
            }
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { raw in
            retryingInterrupts { read(fd, raw.baseAddress, raw.count) }
        }
        if count > 0 {
            reader.append(chunk[0..<count])
            return
        }
        let code = errno
        if count == 0 {
            if let response = reader.finishAtEOF() {
                reader.pendingEOFResponse = response
                return
            }
            close()
            throw HTTPClientError.closed
        }
        close()
        if code == EAGAIN || code == EWOULDBLOCK { throw HTTPClientError.timedOut }
        throw HTTPClientError.io("read", errno: code)
    }
}

enum HTTPHeadersListCheck {
    static func closes(_ headers: HTTPHeaders) -> Bool {
        headers.listContains("Connection", token: "close")
    }
}
