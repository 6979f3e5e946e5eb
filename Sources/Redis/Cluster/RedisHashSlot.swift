/// Redis Cluster's key → slot function: CRC16 (XMODEM: polynomial 0x1021, initial value 0) of the
/// key's hash tag, modulo 16384. The hash tag is the text between the first `{` and the first `}`
/// after it, when that text is not empty; otherwise the whole key is hashed.
package enum RedisHashSlot {
    /// Slots in a cluster.
    package static let count = 16_384

    /// The slot of `key`.
    package static func slot<Bytes: Collection<UInt8>>(of key: Bytes) -> Int {
        Int(crc16(hashTag(of: key)) & 0x3FFF)
    }

    /// The slot of a `String` key (its UTF-8 bytes).
    package static func slot(of key: String) -> Int {
        slot(of: Array(key.utf8))
    }

    /// The part of `key` that is hashed: the first non-empty `{…}` section, or the whole key.
    package static func hashTag<Bytes: Collection<UInt8>>(of key: Bytes) -> Bytes.SubSequence {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")) else { return key[...] }
        let afterOpen = key.index(after: open)
        guard let close = key[afterOpen...].firstIndex(of: UInt8(ascii: "}")), close != afterOpen else { return key[...] }
        return key[afterOpen..<close]
    }

    /// CRC16/XMODEM, as Redis Cluster computes it. Contiguous bytes (an array, a native string's
    /// `utf8`) go to the non-generic loop, which callers in other modules get compiled for them
    /// rather than through the generic's witness tables (about 7,700 instructions a player key before).
    package static func crc16<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt16 {
        if let crc = bytes.withContiguousStorageIfAvailable({ crc16(contiguous: $0) }) { return crc }
        return Array(bytes).withUnsafeBufferPointer { crc16(contiguous: $0) }
    }

    /// CRC16/XMODEM of contiguous bytes.
    package static func crc16(contiguous bytes: UnsafeBufferPointer<UInt8>) -> UInt16 {
        table.withUnsafeBufferPointer { table in
            var crc: UInt16 = 0
            for byte in bytes {
                crc = (crc << 8) ^ table[Int((crc >> 8) ^ UInt16(byte)) & 0xFF]
            }
            return crc
        }
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
