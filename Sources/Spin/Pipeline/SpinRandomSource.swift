/// Makes the generator one spin draws its reel stops from.
package protocol SpinRandomSource: Sendable {
    associatedtype Generator: RandomNumberGenerator
    /// A generator for one spin.
    func makeGenerator() -> Generator
}

/// Production randomness: the system's CSPRNG (getrandom).
package struct SystemRandomSource: SpinRandomSource {
    package init() {}
    package func makeGenerator() -> SystemRandomNumberGenerator { SystemRandomNumberGenerator() }
}
