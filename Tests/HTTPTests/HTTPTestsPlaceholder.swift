import Testing

@Suite struct HTTPTestsPlaceholder {
    @Test func builds() { #expect(Bool(true)) }
}
