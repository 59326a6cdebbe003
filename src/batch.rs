//! Ordered parallel map over a stream of work items, in bounded memory.
//!
//! In: an iterator of items (files to read, lines of a JSONL stream, ...), a
//! work function run on every item by a number of threads, and a [`Sink`] that
//! takes the results. Out: every result handed to the sink exactly once, in
//! the order of the items, each as soon as it and all items before it are
//! done. The sink is told when nothing has been ready for a moment (a
//! millisecond, [`Sink::idle`]), the moment to flush buffered output, so a
//! slow live feed is answered record by record while a fast one is written
//! in large blocks.
//!
//! Memory is bounded: at most [`Options::window`] items are between being
//! taken from the iterator and being handed to the sink, whatever the number
//! of items, so peak memory grows with the largest items, not with their
//! number. The iterator is read lazily on a thread of its own: the next item
//! is taken only when the window has room.
//!
//! With several threads, the worker that finishes the next item in order
//! hands it to the sink, with every finished item after it (the sink must
//! therefore be `Send`); no thread sleeps waiting to be told a result is
//! ready, which on two threads halved the thread switches and cut system
//! time to a third.
//!
//! The output does not depend on the number of threads: results are
//! delivered in item order, and each comes from the work function alone. A
//! work function that panics gives [`Panicked`] for that item; the other items
//! go on.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

/// How many threads work and how many items may be in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Threads running the work function (at least 1). With 1 the calling
    /// thread does the work; otherwise the workers hand their results to the
    /// sink themselves, in order, and the calling thread waits for them.
    pub threads: usize,
    /// Most items taken from the iterator but not yet handed to the sink
    /// (at least `threads`).
    pub window: usize,
}

impl Options {
    /// `threads` threads (at least 1) and a window of
    /// [`WINDOW_PER_THREAD`] items per thread.
    pub fn with_threads(threads: usize) -> Options {
        let threads = threads.max(1);
        Options {
            threads,
            window: threads.saturating_mul(WINDOW_PER_THREAD),
        }
    }

    /// One thread per available core, [`WINDOW_PER_THREAD`] items in
    /// flight per thread.
    pub fn all_cores() -> Options {
        Options::with_threads(available_threads())
    }
}

impl Default for Options {
    fn default() -> Options {
        Options::all_cores()
    }
}

/// Items in flight per thread. Results are handed on in item order, so a
/// long document holds back those after it; while it is worked on, the
/// other threads go on with the rest of the window. With two items per
/// thread, two threads over 50 MB of news kept their cores busy 1.93 of
/// 2 (the rest waiting); with sixteen, 1.97. Memory stays bounded: at most
/// this many items per thread, whatever their number.
pub const WINDOW_PER_THREAD: usize = 16;

/// The number of cores this process may use (1 when it cannot be told).
pub fn available_threads() -> usize {
    thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
}

/// The work function panicked on an item.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("internal error: {message}")]
pub struct Panicked {
    /// The panic message.
    pub message: String,
}

/// Receives the results of [`run`], in item order.
pub trait Sink<R> {
    /// What stops the run (a failed write, a closed pipe). Errors starting
    /// threads are converted into it.
    type Error: From<std::io::Error>;

    /// Takes the result of the next item.
    fn put(&mut self, result: Result<R, Panicked>) -> Result<(), Self::Error>;

    /// Nothing has been ready for a moment: the next result is still being
    /// computed or the next item is still being read. Also called once at
    /// the end. The place to flush buffered output.
    fn idle(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// The handing-on side of the window: places freed by handed-on results go
/// back to the reader in batches of half the window (fewer wake-ups of the
/// reader), and all of them before a thread waits for an item.
struct Window {
    tokens: mpsc::SyncSender<()>,
    freed: usize,
    batch: usize,
}

impl Window {
    fn new(tokens: mpsc::SyncSender<()>, window: usize) -> Window {
        Window {
            tokens,
            freed: 0,
            batch: (window / 2).max(1),
        }
    }

    /// One more result handed on.
    fn free(&mut self) {
        self.freed += 1;
        if self.freed >= self.batch {
            self.release();
        }
    }

    /// Gives every freed place back to the reader.
    fn release(&mut self) {
        for _ in 0..self.freed {
            // Fails only when the reader is gone, which is fine.
            let _ = self.tokens.send(());
        }
        self.freed = 0;
    }
}

/// How long a thread waits for an item before telling the sink it is
/// idle: long enough to gather the output of a busy run into large writes,
/// short enough not to be noticed on a live feed.
const IDLE_AFTER: Duration = Duration::from_millis(1);

/// How often a waiting worker checks whether the run was stopped.
const STOP_POLL: Duration = Duration::from_millis(50);

/// Runs `work` on every item of `items` with `options.threads` threads and
/// hands the results to `sink` in item order.
///
/// Returns the sink's first error, after which no further item is taken from
/// the iterator and no further result is handed over. The iterator is read on
/// a thread of its own, which is why it must be `'static`: a read that is
/// blocked when the sink fails (a quiet standard input, say) finishes in the
/// background and its item is dropped; this function does not wait for it.
pub fn run<I, T, R, F, S>(items: I, options: Options, work: F, sink: &mut S) -> Result<(), S::Error>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send + 'static,
    T: Send + 'static,
    R: Send,
    F: Fn(T) -> R + Sync,
    S: Sink<R> + Send,
    S::Error: Send,
{
    let threads = options.threads.max(1);
    let window = options.window.max(threads);
    let (item_tx, item_rx) = mpsc::channel::<(usize, T)>();
    // One token per place in the window: the reader takes one before each
    // item, and gets it back once the item's result is handed on.
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        // Cannot block or fail: the channel holds `window` tokens and its
        // receiver is alive.
        let _ = token_tx.send(());
    }
    let mut items = items.into_iter();
    thread::Builder::new()
        .name("claimex-reader".into())
        .spawn(move || {
            let mut index = 0;
            while token_rx.recv().is_ok() {
                let Some(item) = items.next() else { break };
                if item_tx.send((index, item)).is_err() {
                    break;
                }
                index += 1;
            }
            // Dropping `item_tx` tells the workers the items are over.
        })?;
    let mut window = Window::new(token_tx, window);
    if threads == 1 {
        return collect_inline(&item_rx, &mut window, &work, sink);
    }
    let item_rx = Mutex::new(item_rx);
    let stop = AtomicBool::new(false);
    let order = Mutex::new(Order {
        sink,
        pending: VecDeque::new(),
        next: 0,
        window,
        unflushed: false,
        error: None,
    });
    let started = thread::scope(|scope| {
        let mut started = 0;
        for n in 0..threads {
            let (item_rx, work, stop, order) = (&item_rx, &work, &stop, &order);
            let spawned = thread::Builder::new()
                .name(format!("claimex-worker-{n}"))
                .spawn_scoped(scope, move || worker(item_rx, order, work, stop));
            if spawned.is_ok() {
                started += 1;
            }
        }
        started
    });
    let mut order = match order.into_inner() {
        Ok(order) => order,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(error) = order.error.take() {
        return Err(error);
    }
    if started == 0 {
        // No worker could be started: work on this thread.
        let rx = match item_rx.into_inner() {
            Ok(rx) => rx,
            Err(poisoned) => poisoned.into_inner(),
        };
        return collect_inline(&rx, &mut order.window, &work, order.sink);
    }
    order.sink.idle()
}

/// The results on their way to the sink, shared by the workers: the worker
/// that finishes the next item in order hands it on, with every finished
/// item after it. No thread waits to be told a result is ready, so a busy
/// run switches threads as seldom as a single-threaded one.
struct Order<'s, R, S: Sink<R>> {
    sink: &'s mut S,
    /// Results not yet handed on; slot 0 is item `next`.
    pending: VecDeque<Option<Result<R, Panicked>>>,
    next: usize,
    window: Window,
    /// Results handed on since the sink was last told it is idle.
    unflushed: bool,
    /// The sink's first error: the run stops.
    error: Option<S::Error>,
}

impl<R, S: Sink<R>> Order<'_, R, S> {
    /// Takes the result of item `index` and hands on every result now in
    /// order. On the sink's error, keeps it and returns false.
    fn put(&mut self, index: usize, result: Result<R, Panicked>) -> bool {
        if self.error.is_some() {
            return false;
        }
        let slot = index.saturating_sub(self.next);
        while self.pending.len() <= slot {
            self.pending.push_back(None);
        }
        if let Some(place) = self.pending.get_mut(slot) {
            *place = Some(result);
        }
        while self.pending.front().is_some_and(Option::is_some) {
            if let Some(Some(result)) = self.pending.pop_front() {
                if let Err(e) = self.sink.put(result) {
                    self.error = Some(e);
                    return false;
                }
                self.next += 1;
                self.unflushed = true;
                self.window.free();
            }
        }
        true
    }

    /// Nothing is ready for a moment: the freed places go back to the
    /// reader and, after output, the sink is told it is idle.
    fn idle(&mut self) -> bool {
        self.window.release();
        if self.error.is_some() || !self.unflushed {
            return self.error.is_none();
        }
        self.unflushed = false;
        if let Err(e) = self.sink.idle() {
            self.error = Some(e);
            return false;
        }
        true
    }
}

/// A worker: runs `work` on the items it receives and hands the results
/// on in order, until the items are over or the run is stopped.
fn worker<'s, T, R, F, S>(
    items: &Mutex<Receiver<(usize, T)>>,
    order: &Mutex<Order<'s, R, S>>,
    work: &F,
    stop: &AtomicBool,
) where
    F: Fn(T) -> R,
    S: Sink<R>,
{
    // The sink failed: the run stops.
    let failed = || stop.store(true, Ordering::Relaxed);
    loop {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let next = {
            let rx = locked(items);
            match rx.try_recv() {
                Ok(m) => Ok(m),
                Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
                Err(TryRecvError::Empty) => {
                    // Before waiting: the freed places go back to the reader,
                    // and output waiting a moment is flushed.
                    locked(order).window.release();
                    match rx.recv_timeout(IDLE_AFTER) {
                        Err(RecvTimeoutError::Timeout) => {
                            if !locked(order).idle() {
                                failed();
                            }
                            rx.recv_timeout(STOP_POLL)
                        }
                        other => other,
                    }
                }
            }
        };
        match next {
            Ok((index, item)) => {
                let result = guarded(work, item);
                if !locked(order).put(index, result) {
                    failed();
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// The value behind `mutex`, also when a thread panicked holding it (work
/// runs outside every lock, and what the locks guard stays whole).
fn locked<U>(mutex: &Mutex<U>) -> std::sync::MutexGuard<'_, U> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// `work(item)`, with a panic turned into [`Panicked`].
fn guarded<T, R, F: Fn(T) -> R>(work: &F, item: T) -> Result<R, Panicked> {
    catch_panic(|| work(item))
}

/// Runs `f`, turning a panic into [`Panicked`] with the panic's message.
pub fn catch_panic<R>(f: impl FnOnce() -> R) -> Result<R, Panicked> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "the work function panicked".to_string()
        };
        Panicked { message }
    })
}

/// The next message: at once when one is waiting; otherwise the window's
/// freed places go back to the reader and, if nothing comes for a moment,
/// the sink is told it is idle. `None` when every sender is gone.
fn next_msg<M, R, S: Sink<R>>(
    rx: &Receiver<M>,
    window: &mut Window,
    sink: &mut S,
) -> Result<Option<M>, S::Error> {
    match rx.try_recv() {
        Ok(m) => return Ok(Some(m)),
        Err(TryRecvError::Disconnected) => return Ok(None),
        Err(TryRecvError::Empty) => window.release(),
    }
    match rx.recv_timeout(IDLE_AFTER) {
        Ok(m) => Ok(Some(m)),
        Err(RecvTimeoutError::Disconnected) => Ok(None),
        Err(RecvTimeoutError::Timeout) => {
            sink.idle()?;
            Ok(rx.recv().ok())
        }
    }
}

/// One thread: the calling thread works on each item as it arrives.
fn collect_inline<T, R, F, S>(
    rx: &Receiver<(usize, T)>,
    window: &mut Window,
    work: &F,
    sink: &mut S,
) -> Result<(), S::Error>
where
    F: Fn(T) -> R,
    S: Sink<R>,
{
    while let Some((_, item)) = next_msg(rx, window, sink)? {
        sink.put(guarded(work, item))?;
        window.free();
    }
    sink.idle()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// Collects results; fails after `fail_after` of them when set.
    struct Collect {
        got: Vec<Result<usize, Panicked>>,
        fail_after: Option<usize>,
        idles: usize,
        in_flight: Arc<AtomicUsize>,
    }

    impl Collect {
        fn new(in_flight: Arc<AtomicUsize>) -> Collect {
            Collect {
                got: Vec::new(),
                fail_after: None,
                idles: 0,
                in_flight,
            }
        }
    }

    impl Sink<usize> for Collect {
        type Error = std::io::Error;
        fn put(&mut self, result: Result<usize, Panicked>) -> std::io::Result<()> {
            if self.fail_after.is_some_and(|n| self.got.len() >= n) {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            self.got.push(result);
            Ok(())
        }
        fn idle(&mut self) -> std::io::Result<()> {
            self.idles += 1;
            Ok(())
        }
    }

    /// Items 0..n that count how many are in flight, and the highest count.
    fn counted(
        n: usize,
    ) -> (
        impl Iterator<Item = usize> + Send + 'static,
        Arc<AtomicUsize>,
        Arc<AtomicUsize>,
    ) {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (f, m) = (in_flight.clone(), most.clone());
        let items = (0..n).inspect(move |_| {
            let now = f.fetch_add(1, Ordering::SeqCst) + 1;
            m.fetch_max(now, Ordering::SeqCst);
        });
        (items, in_flight, most)
    }

    /// Uneven work: later items often finish first.
    fn slow_square(i: usize) -> usize {
        thread::sleep(Duration::from_micros(((i * 7919) % 13) as u64 * 40));
        i * i
    }

    #[test]
    fn results_come_in_item_order_for_every_thread_count() {
        for threads in [1, 2, 3, 8] {
            let (items, in_flight, most) = counted(300);
            let mut sink = Collect::new(in_flight);
            let options = Options::with_threads(threads);
            run(items, options, slow_square, &mut sink).expect("runs");
            let want: Vec<Result<usize, Panicked>> = (0..300).map(|i| Ok(i * i)).collect();
            assert_eq!(sink.got, want, "threads {threads}");
            let most = most.load(Ordering::SeqCst);
            assert!(
                most <= options.window,
                "{most} in flight, window {}",
                options.window
            );
        }
    }

    #[test]
    fn a_failing_sink_stops_the_run_early() {
        for threads in [1, 4] {
            let taken = Arc::new(AtomicUsize::new(0));
            let t = taken.clone();
            let items = (0..10_000).inspect(move |_| {
                t.fetch_add(1, Ordering::SeqCst);
            });
            let mut sink = Collect::new(Arc::new(AtomicUsize::new(usize::MAX / 2)));
            sink.fail_after = Some(5);
            let err = run(items, Options::with_threads(threads), |i| i, &mut sink);
            assert!(err.is_err());
            assert_eq!(sink.got.len(), 5);
            // Give a still-running reader a moment: it stops at the window.
            thread::sleep(Duration::from_millis(20));
            assert!(taken.load(Ordering::SeqCst) < 100, "threads {threads}");
        }
    }

    #[test]
    fn a_panicking_item_is_reported_and_the_rest_go_on() {
        for threads in [1, 2] {
            let mut sink = Collect::new(Arc::new(AtomicUsize::new(usize::MAX / 2)));
            run(
                0..20usize,
                Options::with_threads(threads),
                |i| {
                    if i == 7 {
                        panic!("item seven");
                    }
                    i
                },
                &mut sink,
            )
            .expect("runs");
            assert_eq!(sink.got.len(), 20);
            assert_eq!(
                sink.got[7],
                Err(Panicked {
                    message: "item seven".into()
                })
            );
            assert_eq!(sink.got[8], Ok(8));
        }
    }

    #[test]
    fn no_items_no_results() {
        let mut sink = Collect::new(Arc::new(AtomicUsize::new(0)));
        run(0..0usize, Options::with_threads(2), |i| i, &mut sink).expect("runs");
        assert!(sink.got.is_empty());
        assert!(sink.idles >= 1);
    }
}
