//! What the process itself promises about memory holding keys and decrypted records.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// Forbids core dumps of this process: a crash would otherwise write its memory (the data
/// key, decrypted pages, names) to a file. On Linux the process is also made undumpable,
/// which keeps other processes of the same user from reading its memory.
pub fn forbid_core_dumps() {
    #[cfg(unix)]
    // SAFETY: plain system calls on this process with valid arguments; no memory is shared.
    unsafe {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Whether `WipingAllocator` wipes. Only the benchmark turns it off, to time what it costs.
static WIPE_FREED: AtomicBool = AtomicBool::new(true);

/// What glibc fills freed blocks with: any byte but zero, which turns the filling off.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const PERTURB: libc::c_int = 0xA5;

/// Wipes freed memory from now on, as far as the process can: Rust's blocks through
/// `WipingAllocator`, SQLite's through SQLCipher's memory security (see `store`), and on
/// Linux with glibc every block that C code frees (GLib's, GTK's, and WebKit's when it uses
/// the system allocator) through glibc's `M_PERTURB`. glibc does not fill the few small
/// blocks each thread keeps for its next allocations (its tcache, at most 7 of each size up
/// to 1 KiB), nor can anything wipe what WebKit frees into its own allocator.
pub fn wipe_freed_memory() {
    set_wiping(true);
}

/// Turns the wiping of freed Rust and C blocks on or off; only the benchmark turns it off.
pub(crate) fn set_wiping(on: bool) {
    WIPE_FREED.store(on, Ordering::Relaxed);
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: sets one of glibc's allocator options; no memory is handed over.
    unsafe {
        libc::mallopt(libc::M_PERTURB, if on { PERTURB } else { 0 });
    }
}

/// The allocator of the app and the command (`#[global_allocator]` in each): the system's,
/// wiping every block as it is freed, and a block's old place when it grows (the default
/// `realloc` allocates, copies and frees). Passphrases, keys and records pass through
/// buffers that are not ours to wipe (a request's JSON in Tauri, serde's strings, a
/// `String` that grew); after locking none of them is left readable in freed memory.
pub struct WipingAllocator;

// SAFETY: every call goes to `System` with the caller's own arguments; `dealloc` first
// writes zeros over the block it is handed, which the caller owns until it is freed.
unsafe impl GlobalAlloc for WipingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WIPE_FREED.load(Ordering::Relaxed) {
            std::ptr::write_bytes(ptr, 0, layout.size());
            // The zeros are otherwise dead stores before a free, which the compiler may drop.
            std::hint::black_box(ptr);
        }
        System.dealloc(ptr, layout)
    }
}
