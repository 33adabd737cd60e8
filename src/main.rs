//! The `dabiao` binary: a thin layer over the library's public API.

mod cli;

/// mimalloc rather than the system allocator: ingest and progress make and drop millions of
/// small strings (the figures are in benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_huge_pages();
    cli::main()
}

/// mimalloc asks Linux for transparent huge pages; each first touch then zeroes 2 MiB, and
/// finding free 2 MiB blocks can stall in the kernel. On an ingest of 3 600 workbooks that cost
/// 0.1–0.7 s of system time and 40 MiB of peak memory against 4 KiB pages (benches/README.md).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process; failure (old kernels) is
    // harmless and ignored.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
