import Glibc

/// Writes response heads and bodies as bytes; one per loop (its `Date` cache is loop-confined).
struct ResponseEncoder {
    private static let statusLines: [[UInt8]] = (0..<600).map { status in
        Array("HTTP/1.1 \(status) \(HTTPStatus.reasonPhrase(status))\r\n".utf8)
    }
    private static let fixedHeaders = Array("Server: onespin\r\nDate: ".utf8)

    private var dateSecond: time_t = -1
    private var date: [UInt8] = []

    /// What the server adds to one response.
    struct Framing {
        var requestID: String
        var close: Bool
        var keepAliveHeader: Bool
        var omitBody: Bool
    }

    mutating func encode(_ response: HTTPResponse, framing: Framing, into out: inout [UInt8]) {
        let status = response.status >= 100 && response.status < 600 ? response.status : 500
        out.append(contentsOf: Self.statusLines[status])
        out.append(contentsOf: Self.fixedHeaders)
        refreshDate()
        out.append(contentsOf: date)
        out.append(contentsOf: "\r\nX-Request-Id: ".utf8)
        out.append(contentsOf: framing.requestID.utf8)
        out.append(0x0D)
        out.append(0x0A)
        for field in response.headers where Self.isWritable(field) {
            out.append(contentsOf: field.name.utf8)
            out.append(UInt8(ascii: ":"))
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: field.value.utf8)
            out.append(0x0D)
            out.append(0x0A)
        }
        let bodyless = status < 200 || status == 204 || status == 304
        if status != 204 && status >= 200 {
            out.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(response.body.count, to: &out)
            out.append(0x0D)
            out.append(0x0A)
        }
        if framing.close {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if framing.keepAliveHeader {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(0x0D)
        out.append(0x0A)
        if !bodyless && !framing.omitBody { out.append(contentsOf: response.body) }
    }

    /// Drops fields the server writes itself and any that would split the response.
    private static func isWritable(_ field: HTTPHeaders.Field) -> Bool {
        let name = field.name
        if HTTPHeaders.equalIgnoringCase(name, "Content-Length") || HTTPHeaders.equalIgnoringCase(name, "Date")
            || HTTPHeaders.equalIgnoringCase(name, "Server") || HTTPHeaders.equalIgnoringCase(name, "X-Request-Id")
            || HTTPHeaders.equalIgnoringCase(name, "Connection") || HTTPHeaders.equalIgnoringCase(name, "Transfer-Encoding")
        {
            return false
        }
        return !name.utf8.contains { !HTTPParser.isTokenByte($0) }
            && !field.value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + value))
            return
        }
        var digits: [UInt8] = []
        var rest = value
        while rest > 0 {
            digits.append(UInt8(truncatingIfNeeded: 0x30 + rest % 10))
            rest /= 10
        }
        out.append(contentsOf: digits.reversed())
    }

    /// IMF-fixdate (RFC 9110 §5.6.7), recomputed once a second.
    private mutating func refreshDate() {
        var now = time(nil)
        guard now != dateSecond else { return }
        dateSecond = now
        var parts = tm()
        gmtime_r(&now, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(days[Int(parts.tm_wday) % 7]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon) % 12]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        date = Array(text.utf8)
    }
}
