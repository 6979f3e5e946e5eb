extension RandomNumberGenerator {
    /// An unbiased draw in `0..<bound` (`bound > 0`): Lemire's multiply-high with its rejection step,
    /// so every value is exactly equally likely. Same values as `next(upperBound:)`.
    @inline(__always)
    package mutating func draw(below bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }
}
