#if canImport(Glibc)
import Glibc
#endif

/// Tesseract's LSTM runs its loops in OpenMP parallel regions. Next to a pool of engines that already
/// keeps the cores busy, those threads only spin against each other: on 2 cores a small line took
/// 80–400 ms with them and 10 ms without. Engines call this on their thread before each piece of work
/// (libgomp keeps the setting per thread), as `OMP_MAX_ACTIVE_LEVELS=0` would for the process;
/// parallelism comes from the pool instead.
enum OpenMP {
    static func serializeCurrentThread() {
        setMaxActiveLevels?(0)
    }

    private typealias SetMaxActiveLevels = @convention(c) (Int32) -> Void

    /// libgomp's `omp_set_max_active_levels`, found in the copy Tesseract loaded (nil without OpenMP).
    private static let setMaxActiveLevels: SetMaxActiveLevels? = {
        guard let library = dlopen("libgomp.so.1", RTLD_NOW | RTLD_NOLOAD),
              let symbol = dlsym(library, "omp_set_max_active_levels") else { return nil }
        return unsafeBitCast(symbol, to: SetMaxActiveLevels.self)
    }()
}
