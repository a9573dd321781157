import BootHTTP
import Testing

@Suite struct ByteRangeTests {
    @Test func noHeaderIsTheWholeFile() {
        #expect(ByteRange.parse(nil, size: 100) == .whole)
    }

    @Test func closedOpenAndSuffixRanges() {
        #expect(ByteRange.parse("bytes=0-9", size: 100) == .partial(0...9))
        #expect(ByteRange.parse("bytes=90-", size: 100) == .partial(90...99))
        #expect(ByteRange.parse("bytes=-10", size: 100) == .partial(90...99))
        #expect(ByteRange.parse("bytes=-1000", size: 100) == .partial(0...99))
        #expect(ByteRange.parse("bytes=50-1000", size: 100) == .partial(50...99))
    }

    @Test func rangesPastTheEndAreUnsatisfiable() {
        #expect(ByteRange.parse("bytes=100-", size: 100) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-0", size: 100) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=0-", size: 0) == .unsatisfiable)
    }

    @Test func badOrMultipleRangesFallBackToTheWholeFile() {
        #expect(ByteRange.parse("bytes=0-1,5-6", size: 100) == .whole)
        #expect(ByteRange.parse("items=0-1", size: 100) == .whole)
        #expect(ByteRange.parse("bytes=9-3", size: 100) == .whole)
        #expect(ByteRange.parse("bytes=x-3", size: 100) == .whole)
    }
}
