//! The `dabiao` binary: a thin layer over the library's public API.

mod cli;

/// mimalloc rather than the system allocator: ingest and progress make and drop millions of
/// small strings (the figures are in benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
