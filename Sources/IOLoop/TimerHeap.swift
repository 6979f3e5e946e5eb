/// A binary min-heap of deadlines: O(log n) schedule, O(1) cancel (lazy, compacted when
/// cancelled entries outnumber live ones), O(log n) per expiry. Loop-confined.
struct TimerHeap {
    private struct Entry {
        var deadline: UInt64
        var id: UInt64
    }

    private var entries: [Entry] = []
    private var work: [UInt64: () -> Void] = [:]
    private var nextID: UInt64 = 1

    /// Live (not cancelled, not yet run) timers.
    var count: Int { work.count }

    /// The earliest deadline of a live timer, if any.
    mutating func nextDeadline() -> UInt64? {
        while let top = entries.first {
            if work[top.id] != nil { return top.deadline }
            popTop()
        }
        return nil
    }

    mutating func schedule(at deadline: UInt64, _ body: @escaping () -> Void) -> TimerID {
        let id = nextID
        nextID += 1
        work[id] = body
        entries.append(Entry(deadline: deadline, id: id))
        siftUp(entries.count - 1)
        return TimerID(rawValue: id)
    }

    mutating func cancel(_ timer: TimerID) {
        guard work.removeValue(forKey: timer.rawValue) != nil else { return }
        if entries.count > 64 && entries.count > 2 * work.count { compact() }
    }

    /// Removes and returns the work of every live timer due at `now`, oldest deadline first,
    /// leaving timers scheduled after `limitID` for a later call.
    mutating func takeExpired(now: UInt64) -> [() -> Void] {
        var due: [() -> Void] = []
        let limit = nextID
        while let top = entries.first, top.deadline <= now, top.id < limit {
            popTop()
            if let body = work.removeValue(forKey: top.id) { due.append(body) }
        }
        return due
    }

    private mutating func compact() {
        entries.removeAll { work[$0.id] == nil }
        var index = entries.count / 2
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }

    private mutating func popTop() {
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let x = entries[a], y = entries[b]
        return x.deadline < y.deadline || (x.deadline == y.deadline && x.id < y.id)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { return }
            var smallest = left
            if left + 1 < entries.count && less(left + 1, left) { smallest = left + 1 }
            guard less(smallest, parent) else { return }
            entries.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
