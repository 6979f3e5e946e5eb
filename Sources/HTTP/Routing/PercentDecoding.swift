import Glibc

/// Percent-decoding of one path segment (RFC 3986 §2.1), done once by the router.
enum PercentDecoding {
    /// Why a segment could not be decoded.
    enum Problem: Error, Equatable, CustomStringConvertible {
        /// `%` not followed by two hexadecimal digits.
        case badEscape(String)
        /// The decoded bytes are not UTF-8.
        case notUTF8

        var description: String {
            switch self {
            case .badEscape(let escape): "'\(escape)' is not a valid percent-escape (%XX with two hexadecimal digits)"
            case .notUTF8: "the percent-decoded bytes are not UTF-8"
            }
        }
    }

    /// The decoded segment. A segment without `%` is taken as it is (the parser admits only
    /// visible ASCII in a target); `+` stays `+` (it means a space only in forms).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<String, Problem> {
        guard let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: "%")), bytes.count) != nil else {
            return .success(String(decoding: bytes, as: UTF8.self))
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "%") else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 2 < bytes.count, let high = HTTPParser.hexValue(bytes[index + 1]),
                let low = HTTPParser.hexValue(bytes[index + 2])
            else {
                let escape = UnsafeBufferPointer(rebasing: bytes[index..<min(bytes.count, index + 3)])
                return .failure(.badEscape(String(decoding: escape, as: UTF8.self)))
            }
            decoded.append(UInt8(high << 4 | low))
            index += 3
        }
        guard let text = String(validating: decoded, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(text)
    }
}
