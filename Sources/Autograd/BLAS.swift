import COpenBLAS

/// Settings of the OpenBLAS library behind every matrix product.
public enum BLAS {
    /// Threads OpenBLAS may use for one product; it starts from `OPENBLAS_NUM_THREADS`, or all cores.
    ///
    /// Products of a few dozen rows stay on one thread anyway. On a machine whose cores are busy with other
    /// work, idle OpenBLAS threads spin and yield: on a loaded two-core machine a Transformer block ran
    /// faster with 1 thread (121 ms) than with 2 (170 ms).
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            precondition(newValue >= 1, "BLAS.threadCount: \(newValue) threads requested; use at least 1")
            openblas_set_num_threads(Int32(newValue))
        }
    }
}
