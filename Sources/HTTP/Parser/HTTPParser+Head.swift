extension HTTPParser {
    /// RFC 9110 `tchar`: one bit per ASCII byte (`!#$%&'*+-.^_`|~`, digits, letters), looked up
    /// rather than matched case by case (it runs for every byte of every field name and method).
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tokenBytesBelow64 >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (tokenBytesFrom64 >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// `tchar` bytes 0–63: `!` `#` `$` `%` `&` `'` `*` `+` `-` `.` and the digits.
    private static var tokenBytesBelow64: UInt64 { 0x03FF_6CFA_0000_0000 }
    /// `tchar` bytes 64–127: the letters, `^` `_` `` ` `` `|` `~`.
    private static var tokenBytesFrom64: UInt64 { 0x57FF_FFFF_C7FF_FFFE }

    /// The first byte a field value may not hold (RFC 9110 §5.5: HTAB, SP, VCHAR and obs-text
    /// 0x80–0xFF are allowed; other controls and DEL are not), or nil. Eight bytes at a time while
    /// none is below 0x20 or DEL (a tab falls back to the byte loop from its word on).
    static func firstForbiddenValueByte(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var index = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while index + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let below20 = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                let xorDEL = word ^ 0x7F7F_7F7F_7F7F_7F7F
                let isDEL = (xorDEL &- 0x0101_0101_0101_0101) & ~xorDEL & 0x8080_8080_8080_8080
                if below20 | isDEL != 0 { break }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if !(byte == 0x09 || (byte >= 0x20 && byte != 0x7F)) { return byte }
            index += 1
        }
        return nil
    }

    mutating func parseRequestLine(_ line: ArraySlice<UInt8>) -> HTTPParseError? {
        guard let firstSpace = line.firstIndex(of: 0x20) else {
            return .malformed("the request line has no space after the method")
        }
        let method = line[line.startIndex..<firstSpace]
        guard !method.isEmpty, method.allSatisfy(Self.isTokenByte) else {
            return .malformed("the method is not a token")
        }
        let rest = line[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: 0x20) else {
            return .malformed("the request line has no space before the HTTP version")
        }
        let target = rest[rest.startIndex..<secondSpace]
        guard !target.isEmpty, target.withUnsafeBufferPointer({ $0.allSatisfy { $0 >= 0x21 && $0 <= 0x7E } }) else {
            return .malformed("the request target is empty or holds characters other than visible ASCII")
        }
        let version = rest[(secondSpace + 1)...]
        guard let target = Self.originForm(target) else {
            return .malformed("the request target must start with '/' (origin-form) or be an absolute http(s) URI")
        }
        if Self.equals(version, "HTTP/1.1") {
            setHead(method: method, target: target, version: .http1_1)
        } else if Self.equals(version, "HTTP/1.0") {
            setHead(method: method, target: target, version: .http1_0)
        } else if version.count == 8, version.starts(with: "HTTP/".utf8),
            Self.isDigit(version[version.startIndex + 5]), version[version.startIndex + 6] == UInt8(ascii: "."),
            Self.isDigit(version[version.startIndex + 7])
        {
            return .versionNotSupported("HTTP version \(String(decoding: version, as: UTF8.self)) is not supported")
        } else {
            return .malformed("the HTTP version is not HTTP/1.0 or HTTP/1.1")
        }
        return nil
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The target as origin-form (`/path?query`): itself when it starts with `/`; the path and query
    /// of an absolute-form `http://host/path?query` (RFC 9112 §3.2.2: accepted, the authority is
    /// ignored for routing); nil for anything else (authority-form, asterisk-form, a bare word).
    static func originForm(_ target: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let first = target.first else { return nil }
        if first == UInt8(ascii: "/") { return target }
        let schemeLength: Int
        if target.count > 7, HTTPHeaders.equalIgnoringCase(target.prefix(7), "http://".utf8) {
            schemeLength = 7
        } else if target.count > 8, HTTPHeaders.equalIgnoringCase(target.prefix(8), "https://".utf8) {
            schemeLength = 8
        } else {
            return nil
        }
        let authorityStart = target.startIndex + schemeLength
        let rest = target[authorityStart...]
        let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        guard authorityEnd > authorityStart else { return nil }
        let path = target[authorityEnd...]
        if path.first == UInt8(ascii: "/") { return path }
        guard path.first != UInt8(ascii: "#") else { return nil }
        return ArraySlice([UInt8(ascii: "/")] + path)
    }

    /// Byte-wise equality with an ASCII literal (no generic sequence comparison).
    static func equals(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        var offset = 0
        for byte in bytes {
            guard byte == expected[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// Validates one field line; returns its name and trimmed value ranges.
    func splitField(_ line: ArraySlice<UInt8>) -> Swift.Result<(ArraySlice<UInt8>, ArraySlice<UInt8>), HTTPParseError> {
        guard let first = line.first, first != 0x20, first != 0x09 else {
            return .failure(.malformed("obsolete line folding (a field line starting with whitespace)"))
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            return .failure(.malformed("a header field line has no colon"))
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.withUnsafeBufferPointer({ $0.allSatisfy(Self.isTokenByte) }) else {
            return .failure(.malformed("header field name '\(Self.printable(name))' is not a token"))
        }
        var value = line[(colon + 1)...]
        while let byte = value.first, byte == 0x20 || byte == 0x09 { value = value.dropFirst() }
        while let byte = value.last, byte == 0x20 || byte == 0x09 { value = value.dropLast() }
        // Allowed: HTAB, SP, VCHAR and obs-text (0x80...0xFF); not other controls or DEL.
        let bad = value.withUnsafeBufferPointer(Self.firstForbiddenValueByte)
        if let byte = bad {
            let what = byte == 0x0D ? "a bare CR" : "a control character"
            return .failure(.malformed("header field '\(Self.printable(name))' holds \(what)"))
        }
        return .success((name, value))
    }

    static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix(64).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }
}
