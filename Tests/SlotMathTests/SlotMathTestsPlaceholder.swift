import Testing

@Suite struct SlotMathTestsPlaceholder {
    @Test func builds() { #expect(Bool(true)) }
}
