import Dispatch

extension Array where Element: Sendable {
    /// `map` with the elements spread over the machine's cores, results in the original order; the
    /// first error thrown (in element order) is rethrown. For independent, CPU-bound work such as
    /// one statement per provider.
    public func concurrentMap<T: Sendable, Failure: Error>(_ transform: @Sendable (Element) throws(Failure) -> T) throws(Failure) -> [T] {
        let results = UnsafeMutableBufferPointer<Result<T, Failure>>.allocate(capacity: count)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        withoutActuallyEscaping(transform) { transform in
            self.withUnsafeBufferPointer { elements in
                nonisolated(unsafe) let elements = elements
                DispatchQueue.concurrentPerform(iterations: elements.count) { index in
                    (slots.baseAddress! + index).initialize(to: Result { () throws(Failure) -> T in try transform(elements[index]) })
                }
            }
        }
        defer { _ = results.baseAddress.map { $0.deinitialize(count: count) } }
        return try results.map { (result) throws(Failure) -> T in try result.get() }
    }
}
