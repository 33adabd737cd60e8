//! File-system primitives the store relies on: atomic replacement, directory fsync, the writer
//! lock and fault injection for the crash tests.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Temporary name beside `path` (same folder, so the rename is atomic).
pub(crate) fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp"))
}

/// Writes `path` through a temporary file in the same folder: write, flush, fsync, then
/// `fault(before)` for the crash tests, rename, fsync the folder. On any error the temporary file
/// is removed and `path` is left as it was.
pub(crate) fn atomic_write(
    path: &Path,
    before_rename: &str,
    write: impl FnOnce(&mut File) -> Result<()>,
) -> Result<()> {
    replace_via_temp(path, Some(before_rename), write)?;
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => sync_dir(d),
        _ => sync_dir(Path::new(".")),
    }
}

/// Writes `path` through a temporary file in the same folder (write, flush, rename) without
/// syncing anything: the caller makes a batch of such files durable at once with
/// [`sync_files`] and [`sync_dir`] before anything refers to them.
pub(crate) fn write_unsynced(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<()>,
) -> Result<()> {
    replace_via_temp(path, None, write)
}

/// Write, flush, then (when `durable` names the crash step) fsync and `fault(step)`, then the
/// `write_error` hook, then rename. On any error the temporary file is removed.
fn replace_via_temp(
    path: &Path,
    durable: Option<&str>,
    write: impl FnOnce(&mut File) -> Result<()>,
) -> Result<()> {
    let tmp = temp_path(path);
    let replaced = (|| {
        let mut f = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        write(&mut f)?;
        f.flush().map_err(|e| Error::io(&tmp, e))?;
        if durable.is_some() {
            f.sync_all().map_err(|e| Error::io(&tmp, e))?;
        }
        drop(f);
        if let Some(step) = durable {
            fault(step);
        }
        if hit(WRITE_ERROR) {
            let what = durable.unwrap_or("part");
            let e = std::io::Error::other(format!("DABIAO_FAULT: 模拟写入失败（{what}）"));
            return Err(Error::io(path, e));
        }
        std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
    })();
    if replaced.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    replaced
}

/// fsyncs many files, many at a time: an fsync mostly waits for the disk, and concurrent ones
/// share journal commits, so 3 600 parts cost a few commits rather than 3 600 in a row.
pub(crate) fn sync_files(paths: &[PathBuf]) -> Result<()> {
    use std::sync::atomic::AtomicUsize;
    let next = AtomicUsize::new(0);
    let threads = paths.len().clamp(1, 32);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(p) = paths.get(i) else {
                            return Ok(());
                        };
                        let f = OpenOptions::new()
                            .write(true)
                            .open(p)
                            .map_err(|e| Error::io(p, e))?;
                        f.sync_all().map_err(|e| Error::io(p, e))?;
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}

/// Runs `f` on every element on a few plain threads (as many as rayon's pool), results in
/// order. Not rayon: polars, which writes and reads the parts, runs its own rayon pool, and a
/// rayon worker of another pool that waits for it steals more of its own jobs meanwhile —
/// nesting one part inside another on the same stack until it overflows (it did, at 3 600).
pub(crate) fn on_threads<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    use std::sync::atomic::AtomicUsize;
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let threads = rayon::current_num_threads().clamp(1, items.len().max(1));
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(x) = items.get(i) else {
                            return Ok(());
                        };
                        let r = f(x)?;
                        out.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })?;
    Ok(out
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect())
}

/// Makes a rename durable. Folders cannot be opened for syncing on Windows; there the rename
/// itself is what we have.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let d = File::open(dir).map_err(|e| Error::io(dir, e))?;
        d.sync_all().map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The writer lock: an OS file lock on `<root>/.lock`, released when the file is dropped or the
/// process dies. Waits up to `timeout`, retrying every 100 ms.
pub(crate) fn lock(root: &Path, timeout: Duration) -> Result<File> {
    let path = root.join(".lock");
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    let start = Instant::now();
    loop {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(TryLockError::WouldBlock) if start.elapsed() < timeout => std::thread::sleep(Duration::from_millis(100)),
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Store {
                    path: root.to_path_buf(),
                    message: format!(
                        "数据仓库正被另一个进程写入，等待 {} 秒后仍未释放；请等它结束后重试（锁文件 {}）",
                        timeout.as_secs(),
                        path.display()
                    ),
                })
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
    }
}

static FAULT_HITS: AtomicU32 = AtomicU32::new(0);

/// The fault that makes an atomic write fail with an I/O error instead of aborting.
const WRITE_ERROR: &str = "write_error";

/// Crash-test hook: `DABIAO_FAULT=<step>` aborts the process the first time `step` is reached,
/// `DABIAO_FAULT=<step>:<n>` the n-th time. Steps: `mid_parts`, `after_parts`,
/// `before_ledger_rename`, `after_ledger_rename`. `DABIAO_FAULT=write_error[:<n>]` instead makes
/// the n-th atomic write (part, ledger or export) return an I/O error just before its rename, as
/// a full or failing disk would. `DABIAO_FAULT=panic` panics at the first step instead.
pub(crate) fn fault(step: &str) {
    // `DABIAO_FAULT=panic` stands in for a bug, to test that no panic text reaches a user.
    if std::env::var_os("DABIAO_FAULT").is_some_and(|f| f == "panic") {
        panic!("DABIAO_FAULT: 模拟程序缺陷（{step}）");
    }
    if hit(step) {
        eprintln!("DABIAO_FAULT: 在 {step} 处中止");
        std::process::abort();
    }
}

/// Whether `DABIAO_FAULT` names `step` and this is the n-th time it is reached.
fn hit(step: &str) -> bool {
    let Some(spec) = std::env::var_os("DABIAO_FAULT") else {
        return false;
    };
    let spec = spec.to_string_lossy();
    let (name, nth) = match spec.split_once(':') {
        Some((n, k)) => (n, k.parse::<u32>().unwrap_or(1)),
        None => (&*spec, 1),
    };
    name == step && FAULT_HITS.fetch_add(1, Ordering::SeqCst) + 1 == nth
}
