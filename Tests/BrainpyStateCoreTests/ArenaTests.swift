import Glibc
import Testing
@testable import BrainpyStateCore

/// Large arena blocks are laid out for transparent huge pages, and untouched blocks cost no memory
/// until written (see Arena).
struct ArenaTests {
    /// A line read by fgets, as text.
    func text(_ line: [CChar]) -> String {
        String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The kernel's THP mode: "always", "madvise" or "never" (nil if it has no THP).
    func thpMode() -> String? {
        guard let file = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let text = text(line)
        guard let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    /// The THPeligible field of the mapping that holds `address` (/proc/self/smaps).
    func thpEligible(_ address: UnsafeRawPointer) -> Int? {
        guard let file = fopen("/proc/self/smaps", "r") else { return nil }
        defer { fclose(file) }
        let target = UInt(bitPattern: address)
        var inside = false
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = text(line)
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inside = bounds.count == 2 && bounds[0] <= target && target < bounds[1]
            } else if inside, fields.first == "THPeligible:", fields.count > 1 {
                return Int(String(fields[1].filter { $0.isNumber }))
            }
        }
        return nil
    }

    @Test func largeBlocksStartOnAHugePageAndAreAdvisedForHugePages() throws {
        let arena = Arena()
        let large = try arena.allocate(Float.self, count: 3 << 20, what: "test")   // 12 MB
        let small = try arena.allocate(Float.self, count: 1000, what: "test")
        #expect(UInt(bitPattern: large) % UInt(Arena.hugePage) == 0)
        #expect(large[(3 << 20) - 1] == 0 && small[999] == 0)
        // Only the madvise mode tells advised mappings from others ("always" makes every one eligible).
        guard thpMode() == "madvise" else { return }
        #expect(thpEligible(large) == 1)
        #expect(thpEligible(large + (2 << 20)) == 1)
        #expect(thpEligible(small) == 0)
    }

    @Test func untouchedBlocksCostNoMemoryUntilWritten() throws {
        let arena = Arena()
        let count = 16 << 20                                                        // 64 MB of Float
        let column = try arena.allocateUntouched(Float.self, count: count, what: "test")
        let (raw, bytes, pages) = (UnsafeMutableRawPointer(column), count * 4, count * 4 / Int(sysconf(Int32(_SC_PAGESIZE))))
        // The column's own pages (other tests run in this process at the same time).
        let reserved = try #require(residentPages(raw, bytes: bytes))
        #expect(reserved == 0, "\(reserved) of \(pages) pages resident before any write")
        for j in stride(from: 0, to: count, by: 1024) { column[j] = Float(j) }
        let written = try #require(residentPages(raw, bytes: bytes))
        #expect(written == pages, "\(written) of \(pages) pages resident after writing each")
        #expect(column[count - 1024] == Float(count - 1024) && column[count - 1] == 0)
    }
}
