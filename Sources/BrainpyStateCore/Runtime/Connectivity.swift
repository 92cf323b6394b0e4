import COpenBLAS

/// Compiled connectivity of one projection, laid out for event-driven delivery: rows by presynaptic
/// neuron (CSR) with 32-bit target indices and, for homogeneous weights, no per-synapse weight;
/// or a dense matrix delivered row by row through OpenBLAS.
final class Connectivity<F: SimFloat> {
    enum Layout {
        /// rowStart has preCount + 1 entries; weights nil means every synapse has `weight`.
        case sparse(rowStart: UnsafeMutablePointer<Int>, targets: UnsafeMutablePointer<UInt32>,
                    weights: UnsafeMutablePointer<F>?, weight: F)
        /// preCount × postCount, row-major.
        case dense(UnsafeMutablePointer<F>)
    }

    let preCount: Int
    let postCount: Int
    let layout: Layout
    let synapseCount: Int

    init(preCount: Int, postCount: Int, layout: Layout, synapseCount: Int) {
        self.preCount = preCount
        self.postCount = postCount
        self.layout = layout
        self.synapseCount = synapseCount
    }

    /// Add the weights of row `row` to `into` (the synapse's pending increments).
    @inline(__always)
    func deliver(row: Int, into pending: UnsafeMutablePointer<F>) {
        switch layout {
        case .sparse(let rowStart, let targets, let weights, let weight):
            let (start, end) = (rowStart[row], rowStart[row + 1])
            if let w = weights {
                for k in start..<end { pending[Int(targets[k])] += w[k] }
            } else {
                for k in start..<end { pending[Int(targets[k])] += weight }
            }
        case .dense(let matrix):
            Blas.axpy(postCount, matrix + row * postCount, pending)
        }
    }

    /// (pre, post, weight) of every synapse, rows in order (internal weight units).
    func triplets() -> (pre: [Int], post: [Int], weight: [Double]) {
        var pre: [Int] = [], post: [Int] = [], weight: [Double] = []
        pre.reserveCapacity(synapseCount)
        post.reserveCapacity(synapseCount)
        weight.reserveCapacity(synapseCount)
        switch layout {
        case .sparse(let rowStart, let targets, let weights, let w):
            for i in 0..<preCount {
                for k in rowStart[i]..<rowStart[i + 1] {
                    pre.append(i)
                    post.append(Int(targets[k]))
                    weight.append(Double(weights?[k] ?? w))
                }
            }
        case .dense(let matrix):
            for i in 0..<preCount {
                for j in 0..<postCount {
                    pre.append(i)
                    post.append(j)
                    weight.append(Double(matrix[i * postCount + j]))
                }
            }
        }
        return (pre, post, weight)
    }
}

/// OpenBLAS level-1 calls for either precision.
enum Blas {
    @inline(__always)
    static func axpy<F: SimFloat>(_ n: Int, _ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>) {
        if F.self == Float.self {
            cblas_saxpy(Int32(n), 1, UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), 1,
                        UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), 1)
        } else {
            cblas_daxpy(Int32(n), 1, UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), 1,
                        UnsafeMutableRawPointer(y).assumingMemoryBound(to: Double.self), 1)
        }
    }
}
