/// y[0..<n] += a·x[0..<n], a multiplication and an addition per element: each element's value is the
/// same however a row is cut into tiles, so results do not depend on the number of threads. Dense
/// comms add their rows with it, and the training layers their rows of y and of the weight gradient.
/// (OpenBLAS's axpy, used before for the comms, fuses the multiply-add in some parts of its loop and
/// not in others, so an element's rounding depended on where its tile started: a network with a
/// value-weighted dense comm gave other bits on 2 threads than on 1, on CPUs where OpenBLAS picks
/// such a kernel.)
@inline(__always)
func addScaled<F: SimFloat>(_ n: Int, _ a: F, _ x: UnsafePointer<F>, into y: UnsafeMutablePointer<F>) {
    for j in 0..<n { y[j] += a * x[j] }
}
