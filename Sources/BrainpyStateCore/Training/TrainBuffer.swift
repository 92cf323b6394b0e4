/// A layer output kept between runs: fixed storage whose address does not move, so one layer can
/// read the previous layer's output while it writes its own, and a run of the same size reuses it
/// (no new pages per training step).
final class TrainBuffer<F: SimFloat> {
    private(set) var pointer: UnsafeMutablePointer<F>
    private(set) var count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    deinit { pointer.deallocate() }

    /// Room for `count` values (contents unspecified after a resize).
    func resize(_ count: Int) {
        guard count != self.count else { return }
        pointer.deallocate()
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
        self.count = count
    }

    var values: UnsafeBufferPointer<F> { UnsafeBufferPointer(start: pointer, count: count) }
}
