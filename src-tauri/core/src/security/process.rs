//! What the process itself promises about memory holding keys and decrypted records.

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
