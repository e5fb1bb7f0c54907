//! The WASI preview1 functions a compiled Nyash module imports, written directly against
//! [`Linker::func_wrap`]: standard streams, program arguments, an empty environment, clocks,
//! sleeping on a clock (`poll_oneoff`), random bytes and `proc_exit`. Nothing else: no files, no sockets (DESIGN §2, §3a).
//!
//! Every function reads and writes the guest's exported `memory` with bounds checks; a bad
//! pointer gives the errno `FAULT`, never a panic. `proc_exit(n)` ends the run by returning an
//! [`Exit`] error, which [`crate::run_module`] turns back into the exit code `n`.

use std::io::{Read, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use wasmtime::{Caller, Linker};

/// The import module of every function here.
pub const WASI_MODULE: &str = "wasi_snapshot_preview1";

/// WASI errno values (the subset these functions return).
mod errno {
    pub const SUCCESS: i32 = 0;
    pub const BADF: i32 = 8;
    pub const FAULT: i32 = 21;
    pub const INVAL: i32 = 28;
    pub const IO: i32 = 29;
    pub const NOTSUP: i32 = 58;
}

/// WASI clock ids.
const CLOCK_REALTIME: i32 = 0;
const CLOCK_MONOTONIC: i32 = 1;

/// The state of one run: what the guest sees as its process.
pub struct Wasi {
    /// `argv`, including `argv[0]` (the program's name, as `wasmtime run` gives it).
    args: Vec<String>,
    stdin: Box<dyn Read + Send>,
    stdout: Box<dyn Write + Send>,
    stderr: Box<dyn Write + Send>,
    /// Origin of the monotonic clock.
    started: Instant,
    /// Source of `random_get` bytes.
    random: RandomBytes,
}

impl Wasi {
    /// A run with `args` (`argv[0]` first) and the process's own standard streams.
    pub fn new(args: Vec<String>) -> Self {
        Wasi {
            args,
            stdin: Box::new(std::io::stdin()),
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            started: Instant::now(),
            random: RandomBytes::new(),
        }
    }

    /// Replaces the standard streams (tests capture output this way).
    pub fn with_stdio(
        mut self,
        stdin: Box<dyn Read + Send>,
        stdout: Box<dyn Write + Send>,
        stderr: Box<dyn Write + Send>,
    ) -> Self {
        self.stdin = stdin;
        self.stdout = stdout;
        self.stderr = stderr;
        self
    }

    /// Flushes both output streams (at the end of a run, however it ended).
    pub(crate) fn flush(&mut self) {
        let _ = self.stdout.flush();
        let _ = self.stderr.flush();
    }
}

/// `proc_exit(code)` was called: the run is over with this exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit(pub i32);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the module exited with code {}", self.0)
    }
}

impl std::error::Error for Exit {}

/// Defines every function of this host in `linker`.
pub fn add_to_linker(linker: &mut Linker<Wasi>) -> wasmtime::Result<()> {
    linker.func_wrap(WASI_MODULE, "fd_write", fd_write)?;
    linker.func_wrap(WASI_MODULE, "fd_read", fd_read)?;
    linker.func_wrap(WASI_MODULE, "proc_exit", proc_exit)?;
    linker.func_wrap(WASI_MODULE, "args_sizes_get", args_sizes_get)?;
    linker.func_wrap(WASI_MODULE, "args_get", args_get)?;
    linker.func_wrap(WASI_MODULE, "environ_sizes_get", environ_sizes_get)?;
    linker.func_wrap(WASI_MODULE, "environ_get", environ_get)?;
    linker.func_wrap(WASI_MODULE, "clock_time_get", clock_time_get)?;
    linker.func_wrap(WASI_MODULE, "random_get", random_get)?;
    linker.func_wrap(WASI_MODULE, "poll_oneoff", poll_oneoff)?;
    Ok(())
}

/// A WASI call's outcome: `Err` holds the errno.
type Errno<T = ()> = Result<T, i32>;

/// The errno a WASI function returns for `result`.
fn to_errno(result: Errno) -> i32 {
    match result {
        Ok(()) => errno::SUCCESS,
        Err(code) => code,
    }
}

/// The guest's memory and the run's state, borrowed together.
fn memory_and_state<'a>(caller: &'a mut Caller<'_, Wasi>) -> Errno<(&'a mut [u8], &'a mut Wasi)> {
    let memory = caller
        .get_export("memory")
        .and_then(|e| e.into_memory())
        .ok_or(errno::FAULT)?;
    Ok(memory.data_and_store_mut(caller))
}

/// `memory[ptr .. ptr + len]`, if it is inside the memory.
fn bytes(memory: &mut [u8], ptr: u32, len: u32) -> Errno<&mut [u8]> {
    let start = ptr as usize;
    let end = start.checked_add(len as usize).ok_or(errno::FAULT)?;
    memory.get_mut(start..end).ok_or(errno::FAULT)
}

/// The address of element `index` (of `size` bytes) of the array at `base`.
fn element(base: u32, index: u32, size: u32) -> Errno<u32> {
    index
        .checked_mul(size)
        .and_then(|offset| base.checked_add(offset))
        .ok_or(errno::FAULT)
}

fn read_u32(memory: &mut [u8], ptr: u32) -> Errno<u32> {
    let mut word = [0; 4];
    word.copy_from_slice(bytes(memory, ptr, 4)?);
    Ok(u32::from_le_bytes(word))
}

fn write_u32(memory: &mut [u8], ptr: u32, value: u32) -> Errno {
    bytes(memory, ptr, 4)?.copy_from_slice(&value.to_le_bytes());
    Ok(())
}

/// The `(address, length)` of the `index`th iovec of the array at `iovs`.
fn iovec(memory: &mut [u8], iovs: u32, index: u32) -> Errno<(u32, u32)> {
    let at = element(iovs, index, 8)?;
    Ok((read_u32(memory, at)?, read_u32(memory, element(at, 1, 4)?)?))
}

fn fd_write(mut caller: Caller<'_, Wasi>, fd: i32, iovs: u32, count: u32, written: u32) -> i32 {
    to_errno(memory_and_state(&mut caller).and_then(|(memory, wasi)| {
        let out = match fd {
            1 => &mut wasi.stdout,
            2 => &mut wasi.stderr,
            _ => return Err(errno::BADF),
        };
        let mut total = 0u32;
        for index in 0..count {
            let (ptr, len) = iovec(memory, iovs, index)?;
            out.write_all(bytes(memory, ptr, len)?)
                .map_err(|_| errno::IO)?;
            total = total.saturating_add(len);
        }
        write_u32(memory, written, total)
    }))
}

/// Reads standard input into the iovecs in order, stopping after a short read.
fn fd_read(mut caller: Caller<'_, Wasi>, fd: i32, iovs: u32, count: u32, read: u32) -> i32 {
    to_errno(memory_and_state(&mut caller).and_then(|(memory, wasi)| {
        if fd != 0 {
            return Err(errno::BADF);
        }
        let mut total = 0u32;
        for index in 0..count {
            let (ptr, len) = iovec(memory, iovs, index)?;
            let n = wasi
                .stdin
                .read(bytes(memory, ptr, len)?)
                .map_err(|_| errno::IO)?;
            total = total.saturating_add(n as u32);
            if n < len as usize {
                break;
            }
        }
        write_u32(memory, read, total)
    }))
}

fn proc_exit(_caller: Caller<'_, Wasi>, code: i32) -> wasmtime::Result<()> {
    Err(wasmtime::Error::new(Exit(code)))
}

/// Writes the count of `strings` and the bytes they need (each NUL-terminated).
fn string_sizes(memory: &mut [u8], strings: &[String], count_ptr: u32, size_ptr: u32) -> Errno {
    let size: usize = strings.iter().map(|s| s.len() + 1).sum();
    let size = u32::try_from(size).map_err(|_| errno::INVAL)?;
    write_u32(memory, count_ptr, strings.len() as u32)?;
    write_u32(memory, size_ptr, size)
}

/// Writes `strings` NUL-terminated from `buf` and their addresses from `ptrs`.
fn write_strings(memory: &mut [u8], strings: &[String], ptrs: u32, buf: u32) -> Errno {
    let mut at = buf;
    for (index, s) in strings.iter().enumerate() {
        let len = u32::try_from(s.len()).map_err(|_| errno::INVAL)?;
        let target = bytes(memory, at, len.checked_add(1).ok_or(errno::INVAL)?)?;
        let (text, nul) = target.split_at_mut(s.len());
        text.copy_from_slice(s.as_bytes());
        nul.fill(0);
        write_u32(memory, element(ptrs, index as u32, 4)?, at)?;
        at = at.checked_add(len + 1).ok_or(errno::FAULT)?;
    }
    Ok(())
}

fn args_sizes_get(mut caller: Caller<'_, Wasi>, count: u32, size: u32) -> i32 {
    to_errno(
        memory_and_state(&mut caller)
            .and_then(|(memory, wasi)| string_sizes(memory, &wasi.args, count, size)),
    )
}

fn args_get(mut caller: Caller<'_, Wasi>, ptrs: u32, buf: u32) -> i32 {
    to_errno(
        memory_and_state(&mut caller)
            .and_then(|(memory, wasi)| write_strings(memory, &wasi.args, ptrs, buf)),
    )
}

/// The environment is always empty: programs see no host variables (as under `wasmtime run`).
fn environ_sizes_get(mut caller: Caller<'_, Wasi>, count: u32, size: u32) -> i32 {
    to_errno(
        memory_and_state(&mut caller)
            .and_then(|(memory, _)| string_sizes(memory, &[], count, size)),
    )
}

fn environ_get(_caller: Caller<'_, Wasi>, _ptrs: u32, _buf: u32) -> i32 {
    errno::SUCCESS
}

/// Nanoseconds of the realtime clock (since 1970) or the monotonic clock (since the run began).
fn clock_time_get(mut caller: Caller<'_, Wasi>, clock: i32, _precision: u64, time: u32) -> i32 {
    to_errno(memory_and_state(&mut caller).and_then(|(memory, wasi)| {
        let nanos = match clock {
            CLOCK_REALTIME => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_err(|_| errno::INVAL)?
                .as_nanos(),
            CLOCK_MONOTONIC => wasi.started.elapsed().as_nanos(),
            _ => return Err(errno::INVAL),
        };
        let nanos = u64::try_from(nanos).unwrap_or(u64::MAX);
        bytes(memory, time, 8)?.copy_from_slice(&nanos.to_le_bytes());
        Ok(())
    }))
}

/// Bytes of one WASI `subscription` and of one `event`.
const SUBSCRIPTION_SIZE: u32 = 48;
const EVENT_SIZE: u32 = 32;
/// `eventtype::clock`; the flag `subclockflags::subscription_clock_abstime`.
const EVENTTYPE_CLOCK: u8 = 0;
const ABSTIME: u16 = 1;

/// What one subscription of `poll_oneoff` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subscription {
    /// Wake after this long (a clock subscription; an absolute time already converted).
    After(std::time::Duration),
    /// An event type this host does not wait for (fd readiness): answered `NOTSUP` at once.
    Unsupported(u8),
}

/// `poll_oneoff` for clock subscriptions (what `TimeBox.sleep` uses): sleeps until the
/// earliest one is due, then reports every subscription due by then. A subscription for file
/// readiness is answered at once with the errno `NOTSUP`, without sleeping.
fn poll_oneoff(
    mut caller: Caller<'_, Wasi>,
    subs: u32,
    events: u32,
    count: u32,
    written: u32,
) -> i32 {
    to_errno(memory_and_state(&mut caller).and_then(|(memory, wasi)| {
        if count == 0 {
            return Err(errno::INVAL);
        }
        let mut read = Vec::new();
        for index in 0..count {
            let at = element(subs, index, SUBSCRIPTION_SIZE)?;
            let sub = bytes(memory, at, SUBSCRIPTION_SIZE)?;
            read.push((le_u64(sub, 0), subscription(sub, wasi.started)?));
        }
        let unsupported = read
            .iter()
            .any(|(_, s)| matches!(s, Subscription::Unsupported(_)));
        let wait = read
            .iter()
            .filter_map(|(_, s)| match s {
                Subscription::After(d) => Some(*d),
                Subscription::Unsupported(_) => None,
            })
            .min();
        if let (Some(wait), false) = (wait, unsupported) {
            std::thread::sleep(wait);
        }
        let mut n = 0u32;
        for (userdata, sub) in read {
            let (kind, error) = match sub {
                Subscription::After(d) if !unsupported && Some(d) == wait => {
                    (EVENTTYPE_CLOCK, errno::SUCCESS)
                }
                Subscription::After(_) => continue,
                Subscription::Unsupported(kind) => (kind, errno::NOTSUP),
            };
            let event = bytes(memory, element(events, n, EVENT_SIZE)?, EVENT_SIZE)?;
            event.fill(0);
            event[..8].copy_from_slice(&userdata.to_le_bytes());
            event[8..10].copy_from_slice(&(error as u16).to_le_bytes());
            event[10] = kind;
            n += 1;
        }
        write_u32(memory, written, n)
    }))
}

/// The little-endian `u64` at `offset` of `bytes` (which is long enough).
fn le_u64(bytes: &[u8], offset: usize) -> u64 {
    let mut word = [0; 8];
    if let Some(b) = bytes.get(offset..offset + 8) {
        word.copy_from_slice(b);
    }
    u64::from_le_bytes(word)
}

/// Decodes one 48-byte subscription: userdata (0), tag (8), and for a clock its id (16),
/// timeout (24), precision (32) and flags (40). An absolute timeout becomes the time left.
fn subscription(sub: &[u8], started: Instant) -> Errno<Subscription> {
    let tag = sub.get(8).copied().ok_or(errno::FAULT)?;
    if tag != EVENTTYPE_CLOCK {
        return Ok(Subscription::Unsupported(tag));
    }
    let clock = le_u64(sub, 16) as u32 as i32;
    let timeout = le_u64(sub, 24);
    let flags = le_u64(sub, 40) as u16;
    if flags & ABSTIME == 0 {
        return match clock {
            CLOCK_REALTIME | CLOCK_MONOTONIC => Ok(Subscription::After(
                std::time::Duration::from_nanos(timeout),
            )),
            _ => Err(errno::INVAL),
        };
    }
    let now = match clock {
        CLOCK_REALTIME => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| errno::INVAL)?
            .as_nanos(),
        CLOCK_MONOTONIC => started.elapsed().as_nanos(),
        _ => return Err(errno::INVAL),
    };
    let now = u64::try_from(now).unwrap_or(u64::MAX);
    Ok(Subscription::After(std::time::Duration::from_nanos(
        timeout.saturating_sub(now),
    )))
}

fn random_get(mut caller: Caller<'_, Wasi>, buf: u32, len: u32) -> i32 {
    to_errno(memory_and_state(&mut caller).and_then(|(memory, wasi)| {
        wasi.random.fill(bytes(memory, buf, len)?);
        Ok(())
    }))
}

/// Random bytes without a dependency: a counter hashed by SipHash under the keys the standard
/// library draws from the operating system for every `RandomState`. Unpredictable enough for
/// `RandomBox`; Nyash offers no cryptography.
struct RandomBytes {
    keys: std::collections::hash_map::RandomState,
    counter: u64,
}

impl RandomBytes {
    fn new() -> Self {
        RandomBytes {
            keys: std::collections::hash_map::RandomState::new(),
            counter: 0,
        }
    }

    fn fill(&mut self, out: &mut [u8]) {
        use std::hash::BuildHasher;
        for chunk in out.chunks_mut(8) {
            self.counter = self.counter.wrapping_add(1);
            let word = self.keys.hash_one(self.counter).to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_outside_memory_is_a_fault() {
        let mut memory = vec![0u8; 16];
        assert_eq!(bytes(&mut memory, 8, 8).map(|b| b.len()), Ok(8));
        assert_eq!(bytes(&mut memory, 9, 8).err(), Some(errno::FAULT));
        assert_eq!(bytes(&mut memory, u32::MAX, 2).err(), Some(errno::FAULT));
    }

    #[test]
    fn strings_are_written_nul_terminated_with_their_addresses() {
        let mut memory = vec![0xffu8; 64];
        let strings = vec!["ab".to_string(), "".to_string()];
        assert_eq!(string_sizes(&mut memory, &strings, 0, 4), Ok(()));
        assert_eq!(read_u32(&mut memory, 0), Ok(2));
        assert_eq!(read_u32(&mut memory, 4), Ok(4));
        assert_eq!(write_strings(&mut memory, &strings, 8, 32), Ok(()));
        assert_eq!(read_u32(&mut memory, 8), Ok(32));
        assert_eq!(read_u32(&mut memory, 12), Ok(35));
        assert_eq!(&memory[32..36], b"ab\0\0");
        assert_eq!(
            write_strings(&mut memory, &strings, 8, 63).err(),
            Some(errno::FAULT)
        );
    }

    /// A 48-byte clock subscription.
    fn clock_subscription(clock: u32, timeout: u64, flags: u16) -> Vec<u8> {
        let mut sub = vec![0u8; 48];
        sub[16..20].copy_from_slice(&clock.to_le_bytes());
        sub[24..32].copy_from_slice(&timeout.to_le_bytes());
        sub[40..42].copy_from_slice(&flags.to_le_bytes());
        sub
    }

    #[test]
    fn clock_subscriptions_give_the_time_to_wait() {
        let started = Instant::now();
        let relative = clock_subscription(1, 5_000_000, 0);
        assert_eq!(
            subscription(&relative, started),
            Ok(Subscription::After(std::time::Duration::from_millis(5)))
        );
        let past = clock_subscription(0, 1, ABSTIME);
        assert_eq!(
            subscription(&past, started),
            Ok(Subscription::After(std::time::Duration::ZERO))
        );
        let bad_clock = clock_subscription(7, 1, 0);
        assert_eq!(subscription(&bad_clock, started), Err(errno::INVAL));
        let mut fd_read = vec![0u8; 48];
        fd_read[8] = 1;
        assert_eq!(
            subscription(&fd_read, started),
            Ok(Subscription::Unsupported(1))
        );
    }

    #[test]
    fn random_bytes_fill_any_length_and_differ() {
        let mut random = RandomBytes::new();
        let (mut a, mut b) = ([0u8; 13], [0u8; 13]);
        random.fill(&mut a);
        random.fill(&mut b);
        assert_ne!(a, b);
    }
}
