"""The dispatcher and scheduler: which virtual machine runs next, on which host thread, for how long.

Worker threads (one per host core by default) take runnable users and run
``user.vm.run_slice(budget)``; the compiled core releases the GIL, so guests on
different workers really run at once.  What ended the slice (an ``Intercept``)
decides what happens to the user next (``_AFTER``: requeue, park in a wait,
stop, call CP's trace hook).  A user is on at most one worker: only a READY
user is picked, picking makes it RUNNING, and everything that happens to a
RUNNING user (a kick, a remove, a hold) is recorded for its worker to act on.

Scheduling follows VM/370's DMKSCH/DMKDSP in spirit (GC20-1807, SY20-0886):

* *Q1, interactive*: a user that just got terminal input, logged on, or woke
  from an idle wait (a wait longer than ``IDLE_WAIT``: think time).  Q1 users
  are considered before Q2 users and get short slices (``Q1_SLICE``).  A user
  that uses more than ``Q1_ALLOWANCE`` of CPU without an idle wait has shown it
  is not interactive and drops to Q2 (VM/370: the in-queue time slice).
* *Q2, non-interactive*: longer slices (``Q2_SLICE``), ordered by fair share:
  each Q2 user's CPU time divided by its weight (from the directory priority,
  lower number = more favoured, as SET PRIORITY) -- the least served goes first,
  so no CPU-bound user starves another.  Q2 is never starved by a stream of Q1
  users either: past ``Q2_STARVE`` without a Q2 dispatch, Q2 goes first once.
* An interactive user made ready while every worker runs a Q2 user preempts
  the Q2 user that has run longest (VM/370's dispatcher also took the CPU back
  on an interruption for a higher-priority user).

A slice ends by instruction budget, calibrated per user to the slice length
from its measured instruction rate; a watchdog asks a slice that runs past
``OVERRUN`` times its length back (``sie.request_exit``), since a guest whose
DIAGNOSEs and I/O instructions are handled inside ``run_slice`` may not reach
its budget soon.  A user in an enabled wait is parked until an interruption
arrives (``vm.on_wake`` calls ``kick``) or its clock comparator comes due.

``Dispatcher.fair_share`` (True by default) switches all of the above off when False:
every user then waits in one first-come first-served queue for a slice of
``Q2_SLICE``, with no interactive queue, no preemption and no fair-share order --
the plain round robin the temporal-isolation lesson compares against.

Why not VM/370's eligible list and working-set projection: every virtual
machine's storage is its own host array, there is no paging to protect, so
every runnable user is dispatchable; ``load()['eligible']`` counts the users
ready and waiting for a worker.
"""

from __future__ import annotations

import collections
import contextlib
import os
import statistics
import threading
import time

from s370.cpu import layout as L
from sie import DESCRIPTION, VALIDITY_REASONS, Intercept, guest_tod, request_exit, set_guest_tod

# --- the scheduler's constants (seconds unless stated) ------------------------------------------
Q1, Q2 = 1, 2
Q1_SLICE = 0.005          # one dispatch of an interactive user
Q2_SLICE = 0.020          # one dispatch of a non-interactive user
Q1_ALLOWANCE = 0.050      # CPU time in Q1 before the user drops to Q2
Q2_STARVE = 0.200         # longest Q2 goes undispatched while Q1 users are ready
IDLE_WAIT = 0.100         # a wait this long is think time: the next wake is interactive
OVERRUN = 3               # the watchdog asks back a slice past OVERRUN x its length
SWEEP = 0.100             # the ticker's look at parked users, load samples
MAX_PARK = 1.0            # a waiting user with a clock comparator set looks again at least this often
LOAD_WINDOW = 10.0        # INDICATE LOAD's CPU figure covers about this much time
DEFAULT_PRIORITY = 50     # USER statement priority when the directory gives none (unverified)
INITIAL_RATE = 20e6       # instructions per second assumed before a user is measured
MIN_BUDGET = 2_000
MAX_BUDGET = 50_000_000
LATENCY_SAMPLES = 1000    # wake-up latencies kept per user
WORKER_NICE = 10          # host nice increment of a worker running a Q2 guest over CP's threads
Q1_NICE = 0               # ... running a Q1 guest

# user states
STOPPED = "stopped"       # vm.stopped (CP READ, before IPL, disabled wait) or held by CP
WAITING = "waiting"       # enabled wait, parked until an interruption or its clock comparator
READY = "ready"           # on a run queue
RUNNING = "running"       # on a worker now
GONE = "gone"             # removed (logged off)

M64 = (1 << 64) - 1
TOD_PER_SECOND = 4096 * 1_000_000     # TOD clock bit 51 = 1 microsecond


class _Entry:
    """What the dispatcher keeps about one user (and what INDICATE shows)."""

    def __init__(self, user, weight: float, now: float):
        self.user = user
        self.vm = user.vm
        self.state = STOPPED
        self.queue = Q1
        self.weight = weight
        self.q1_used = 0.0            # CPU in the current Q1 stay
        self.vtime = 0.0              # Q2 fair share: CPU / weight
        self.kicked = False           # an interruption or CP request came while it ran
        self.want_q1 = False          # ... and it was terminal input
        self.holds = 0                # CP holding the VM off the workers (paused())
        self.gone = False
        self.wait_since = now
        self.deadline: float | None = None
        self.ready_since = now
        self.woken_at: float | None = None
        self.slice_start = 0.0
        self.slice_target = Q1_SLICE
        self.preempted = False
        self.worker: threading.Thread | None = None
        self.rate = 0.0               # measured instructions per CPU second (0: not yet)
        # INDICATE's figures
        self.cpu_seconds = 0.0
        self.slices = 0
        self.instructions = 0
        self.intercepts: collections.Counter = collections.Counter()
        self.last_dispatch: float | None = None       # time.time() of the last slice start
        self.wakes = 0
        self.latencies: collections.deque = collections.deque(maxlen=LATENCY_SAMPLES)


def priority_weight(priority) -> float:
    """Fair-share weight of a directory / SET PRIORITY value: 1 (most favoured) .. 99."""
    try:
        p = int(priority)
    except (TypeError, ValueError):
        p = DEFAULT_PRIORITY
    p = min(max(p, 1), 99)
    return (100 - p) / (100 - DEFAULT_PRIORITY)


class Dispatcher:
    """Runs the logged-on users' virtual machines on worker threads (see the module text).

    ``add(user)`` / ``remove(user)`` as users log on and off; ``kick(user)`` when a
    VM became runnable (BEGIN, IPL, an interruption for a waiting VM -- ``vm.on_wake``
    is set to it); ``start()`` / ``stop(timeout)``; ``stats(user)`` and ``load()`` for
    INDICATE; ``paused(user)`` for CP code that must change a VM while nothing runs it.
    """

    def __init__(self, system=None, workers: int | None = None):
        self.system = system
        self.nworkers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)      # workers wait here for a READY user
        self._tick = threading.Condition(self._lock)      # the ticker waits here
        self._changed = threading.Condition(self._lock)   # remove()/paused() wait for a slice end
        self._entries: dict[int, _Entry] = {}        # id(user) -> its record
        self._q1: collections.deque[_Entry] = collections.deque()
        self._q2: list[_Entry] = []
        self._vclock = 0.0
        self._last_q2_pick = time.monotonic()
        self._idle = 0
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._rate = INITIAL_RATE
        self._busy = 0.0                                  # CPU seconds of all slices
        self._dispatches = 0
        self._preemptions = 0                             # Q2 slices asked back for a Q1 user
        self._samples: collections.deque = collections.deque(maxlen=int(LOAD_WINDOW / SWEEP) + 2)
        self._started = time.monotonic()
        self.fair_share = True        # False: one FIFO round robin (see the module text)

    # ------------------------------------------------------------------ users come and go
    def add(self, user) -> None:
        """A user logged on: its VM is dispatched whenever it is runnable."""
        weight = priority_weight(getattr(getattr(user, "entry", None), "priority", None))
        now = time.monotonic()
        with self._lock:
            if id(user) in self._entries:
                return
            e = _Entry(user, weight, now)
            e.vtime = self._vclock
            self._entries[id(user)] = e
            user.vm.on_wake = lambda: self.kick(user)
            if self._runnable(e):
                self._make_ready(e, now, interactive=True)

    def remove(self, user, timeout: float = 5.0) -> None:
        """A user logged off: its VM stops; returns when no worker runs it any more.

        Safe from the user's own slice (a DIAGNOSE that logs off): the worker then
        drops the user when the slice ends."""
        with self._lock:
            e = self._entries.pop(id(user), None)
            if e is None:
                return
            e.gone = True
            e.vm.on_wake = lambda: None
            e.vm.stopped = True                 # a logged-off VM never runs again
            self._unqueue(e)
            if e.state != RUNNING:
                e.state = GONE
                return
            request_exit(e.vm.sd)
            if e.worker is threading.current_thread():
                return
            end = time.monotonic() + timeout
            while e.state == RUNNING and time.monotonic() < end:
                self._changed.wait(0.05)

    def kick(self, user, interactive: bool = False) -> None:
        """The VM may have something to do (BEGIN, IPL, an interruption, terminal input).

        ``interactive``: terminal input -- the user goes to Q1 afresh."""
        now = time.monotonic()
        with self._lock:
            e = self._entries.get(id(user))
            if e is None or e.gone:
                return
            if e.state == RUNNING:
                e.kicked = True
                e.want_q1 = e.want_q1 or interactive
                return
            if e.state == READY:
                if interactive and e.queue == Q2:
                    self._unqueue(e)
                    self._make_ready(e, now, interactive=True)
                return
            if not self._runnable(e):
                return
            idle = e.state == WAITING and now - e.wait_since >= IDLE_WAIT
            e.woken_at = now
            e.wakes += 1
            self._make_ready(e, now, interactive=interactive or idle)

    def block(self, user) -> bool:
        """From the user's own slice (a DIAGNOSE that waits, e.g. a DIAG X'58' full-screen
        read): the VM is not runnable until ``unblock(user)``, and the slice ends at once
        so the worker is free for other users -- as a virtual machine in an I/O wait was
        not dispatched by DMKDSP until its interruption came.  False (nothing done) when
        the user is not on this dispatcher or not running on the calling thread."""
        with self._lock:
            e = self._entries.get(id(user))
            if e is None or e.gone or e.state != RUNNING or e.worker is not threading.current_thread():
                return False
            e.holds += 1
            request_exit(e.vm.sd)
            return True

    def unblock(self, user) -> None:
        """What ``block`` waited for has come (terminal input): the VM may run, as an
        interactive user (Q1)."""
        with self._lock:
            e = self._entries.get(id(user))
            if e is None or e.holds <= 0:
                return
            e.holds -= 1
        self.kick(user, interactive=True)

    def set_priority(self, user, priority: int) -> None:
        """SET PRIORITY: the user's fair-share weight from now on."""
        with self._lock:
            e = self._entries.get(id(user))
            if e is not None:
                e.weight = priority_weight(priority)

    @contextlib.contextmanager
    def paused(self, user, timeout: float = 5.0):
        """Hold the user's VM off the workers while CP changes it (IPL, DEFINE STORAGE, ...).

        Waits for a running slice to end (asking it back); from the user's own slice
        (a DIAGNOSE handler) it needs no waiting.  On leaving, the VM is kicked."""
        with self._lock:
            e = self._entries.get(id(user))
            if e is not None:
                e.holds += 1
                self._unqueue(e)
                if e.state == READY:
                    e.state = STOPPED
                if e.state == RUNNING and e.worker is not threading.current_thread():
                    request_exit(e.vm.sd)
                    end = time.monotonic() + timeout
                    while e.state == RUNNING and time.monotonic() < end:
                        self._changed.wait(0.05)
        try:
            yield
        finally:
            if e is not None:
                with self._lock:
                    e.holds -= 1
                self.kick(user)

    # ------------------------------------------------------------------ INDICATE
    def stats(self, user) -> dict:
        """One user's scheduling record (INDICATE USER): CPU, slices, intercepts by reason, ..."""
        with self._lock:
            e = self._entries.get(id(user))
            if e is None:
                return {}
            lat = sorted(e.latencies)
            return {
                "userid": e.user.userid,
                "state": e.state,
                "queue": self._queue_name(e, time.monotonic()),
                "weight": e.weight,
                "cpu_seconds": e.cpu_seconds,
                "slices": e.slices,
                "instructions": e.instructions,
                "intercepts": {Intercept(k).name if isinstance(k, int) else str(k): v
                               for k, v in e.intercepts.items()},
                "last_dispatch": e.last_dispatch,
                "wakes": e.wakes,
                "wake_latency_median": statistics.median(lat) if lat else None,
                "wake_latency_p99": _percentile(lat, 0.99) if lat else None,
                "budget": self._budget(e, Q1_SLICE if e.queue == Q1 else Q2_SLICE),
            }

    def load(self) -> dict:
        """The system's load (INDICATE LOAD): users in Q1 and Q2, eligible, CPU %."""
        now = time.monotonic()
        with self._lock:
            q1 = q2 = running = waiting = stopped = 0
            for e in self._entries.values():
                q = self._queue_name(e, now)
                q1 += q == "Q1"
                q2 += q == "Q2"
                running += e.state == RUNNING
                waiting += e.state == WAITING
                stopped += e.state == STOPPED
            eligible = len(self._q1) + len(self._q2)
            cpu = self._cpu_percent(now)
            return {"users": len(self._entries), "q1": q1, "q2": q2, "eligible": eligible,
                    "running": running, "waiting": waiting, "stopped": stopped,
                    "cpu_percent": cpu, "workers": self.nworkers,
                    "dispatches": self._dispatches, "preemptions": self._preemptions,
                    "instruction_rate": self._rate}

    # ------------------------------------------------------------------ life cycle
    def start(self) -> "Dispatcher":
        with self._lock:
            if self._threads:
                return self
            self._stopping = False
            self._samples.append((time.monotonic(), self._busy))
        for i in range(self.nworkers):
            t = threading.Thread(target=self._worker_main, name=f"cp-dispatch-{i}", daemon=True)
            self._threads.append(t)
            t.start()
        t = threading.Thread(target=self._ticker_main, name="cp-ticker", daemon=True)
        self._threads.append(t)
        t.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the workers (running slices are asked back); the VMs keep their state."""
        with self._lock:
            self._stopping = True
            for e in self._entries.values():
                if e.state == RUNNING:
                    request_exit(e.vm.sd)
            self._work.notify_all()
            self._tick.notify_all()
        end = time.monotonic() + timeout
        for t in self._threads:
            if t is not threading.current_thread():
                t.join(max(0.0, end - time.monotonic()))
        self._threads = []

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    # ------------------------------------------------------------------ queues (lock held)
    def _runnable(self, e: _Entry) -> bool:
        return not e.gone and not e.holds and not e.vm.stopped

    def _make_ready(self, e: _Entry, now: float, interactive: bool) -> None:
        if not self.fair_share:                  # round robin: one FIFO, no boost, no preemption
            e.queue = Q2
            self._q2.append(e)
        else:
            if interactive:
                e.queue = Q1
                e.q1_used = 0.0
            if e.queue == Q2:
                e.vtime = max(e.vtime, self._vclock)
                self._q2.append(e)
            else:
                self._q1.append(e)
        e.state = READY
        e.deadline = None
        e.ready_since = now
        if self._idle:
            self._work.notify()
        elif e.queue == Q1:                      # (never in round robin: all in Q2)
            self._preempt_q2()

    def _unqueue(self, e: _Entry) -> None:
        if e.state == READY:
            try:
                (self._q1 if e.queue == Q1 else self._q2).remove(e)
            except ValueError:
                pass

    def _preempt_q2(self) -> None:
        """Every worker is busy and a Q1 user is ready: ask the longest-running Q2 slice back."""
        victims = [e for e in self._entries.values()
                   if e.state == RUNNING and e.queue == Q2 and not e.preempted]
        if victims:
            v = min(victims, key=lambda x: x.slice_start)
            v.preempted = True
            self._preemptions += 1
            request_exit(v.vm.sd)

    def _pick(self, now: float) -> _Entry | None:
        if not self.fair_share:                  # round robin: the longest ready goes first
            ready = list(self._q1) + self._q2
            if not ready:
                return None
            e = min(ready, key=lambda x: x.ready_since)
            (self._q1 if e in self._q1 else self._q2).remove(e)
            return e
        use_q2 = bool(self._q2) and (not self._q1 or now - self._last_q2_pick > Q2_STARVE)
        if use_q2:
            e = min(self._q2, key=lambda x: x.vtime)
            self._q2.remove(e)
            self._last_q2_pick = now
            self._vclock = max(self._vclock, e.vtime)
            return e
        if self._q1:
            return self._q1.popleft()
        self._last_q2_pick = now
        return None

    def _queue_name(self, e: _Entry, now: float) -> str | None:
        """'Q1' / 'Q2' while in a queue (ready, running, or in a short wait), else None."""
        if e.state in (READY, RUNNING) or (e.state == WAITING and now - e.wait_since < IDLE_WAIT):
            return "Q1" if e.queue == Q1 else "Q2"
        return None

    def _budget(self, e: _Entry, target: float) -> int:
        rate = e.rate or self._rate
        return int(min(max(rate * target, MIN_BUDGET), MAX_BUDGET))

    def _cpu_percent(self, now: float) -> float:
        if not self._samples:
            return 0.0
        t0, b0 = self._samples[0]
        dt = now - t0
        if dt <= 0:
            return 0.0
        ncpu = os.cpu_count() or 1
        return min(100.0, 100.0 * (self._busy - b0) / (dt * ncpu))

    # ------------------------------------------------------------------ workers
    def _worker_main(self) -> None:
        me = threading.current_thread()
        host = _HostPriority()
        while True:
            with self._lock:
                e = None
                while not self._stopping:
                    e = self._pick(time.monotonic())
                    if e is not None and not self._runnable(e):
                        e.state = STOPPED         # stopped while it waited for a worker (CP READ)
                        continue
                    if e is not None:
                        break
                    self._idle += 1
                    self._work.wait()
                    self._idle -= 1
                if self._stopping:
                    if e is not None:           # put it back for a later start()
                        self._requeue(e, time.monotonic())
                    return
                now = time.monotonic()
                e.state = RUNNING
                e.worker = me
                e.kicked = e.want_q1 = e.preempted = False
                e.slice_target = Q1_SLICE if e.queue == Q1 else Q2_SLICE
                e.slice_start = now
                e.last_dispatch = time.time()
                if e.woken_at is not None:
                    e.latencies.append(now - e.woken_at)
                    e.woken_at = None
                budget = self._budget(e, e.slice_target)
                self._dispatches += 1
                if self._idle and (self._q1 or self._q2):
                    self._work.notify()
            host.set(Q1_NICE if e.queue == Q1 else WORKER_NICE)
            self._run_one(e, budget)

    def _run_one(self, e: _Entry, budget: int) -> None:
        vm = e.vm
        ic0 = vm.sd.instcount
        t0 = time.thread_time()
        try:
            code = vm.run_slice(budget)
        except Exception as exc:                 # a handler failed: the VM stops, CP goes on
            code = None
            vm.stopped = True
            self._tell(e, f"VIRTUAL MACHINE STOPPED: CP ERROR {type(exc).__name__}: {exc}")
            self._log(f"DISPATCH {e.user.userid}: {type(exc).__name__}: {exc}")
        used = time.thread_time() - t0
        done = max(0, vm.sd.instcount - ic0)         # (0 if CP gave the VM a new storage)
        if code is not None and not e.gone:
            try:
                self._after_slice(e, code)
            except Exception as exc:
                vm.stopped = True
                self._log(f"DISPATCH {e.user.userid}: {code.name}: {type(exc).__name__}: {exc}")
        # a wait's end is worked out before taking the lock: the VM's own wake_deadline()
        # may take the VM's lock, whose holders may be kicking (and want this lock)
        advanced, deadline, now = False, None, time.monotonic()
        if code == Intercept.ENABLED_WAIT and not e.kicked:
            if vm.sd.S[L.CLOCK_MODE] != 0:      # deterministic clock: jump to the timer event
                advanced = bool(vm.sd.advance_to_next_timer_event())
            else:
                deadline = self._wake_deadline(vm, now)
        with self._lock:
            self._account(e, code, used, done)
            self._settle(e, code, now, advanced, deadline)
            self._changed.notify_all()

    def _account(self, e: _Entry, code, used: float, done: int) -> None:
        e.cpu_seconds += used
        e.slices += 1
        e.instructions += done
        if code is not None:
            e.intercepts[code] += 1
        self._busy += used
        if used > 0.001 and done > 0:
            r = done / used
            e.rate = r if not e.rate else 0.7 * e.rate + 0.3 * r
            self._rate = 0.9 * self._rate + 0.1 * r
        if e.queue == Q1 and self.fair_share:
            e.q1_used += used
            if e.q1_used > Q1_ALLOWANCE:        # not interactive after all
                e.queue = Q2
                e.vtime = max(e.vtime, self._vclock)
        else:
            e.vtime += used / e.weight

    def _settle(self, e: _Entry, code, now: float, advanced: bool, deadline: float | None) -> None:
        """Where the user goes after its slice (lock held)."""
        e.worker = None
        if e.gone:
            e.state = GONE
            return
        if not self._runnable(e):
            e.state = STOPPED
            return
        if code == Intercept.ENABLED_WAIT and not e.kicked and not advanced:
            e.state = WAITING
            e.wait_since = now
            e.deadline = deadline
            if e.deadline is not None:
                self._tick.notify()
            return
        self._requeue(e, now)

    def _requeue(self, e: _Entry, now: float) -> None:
        self._make_ready(e, now, interactive=e.want_q1)

    # what a slice's end means beyond the queues (outside the lock, the user still RUNNING)
    def _after_slice(self, e: _Entry, code: Intercept) -> None:
        handler = _AFTER.get(code)
        if handler is not None:
            handler(self, e, code)

    def _trace(self, e: _Entry, code: Intercept) -> None:
        """PROGRAM / INSTRUCTION / TRACE: CP's TRACE decides (``system.trace_hook``, else
        cp.commands.trace's ``trace_event``), and returns False when the VM stopped; with
        neither, a program interruption is taken by the guest and the VM runs on."""
        hook = getattr(self.system, "trace_hook", None) or _command_trace_hook()
        if hook is not None:
            if hook(e.user, code) is False:
                e.vm.stopped = True
        elif code == Intercept.PROGRAM:         # nobody asked to see it: the guest takes it
            e.vm.sd.program_interrupt(e.vm.sd.intercept_program_code)

    def _broken(self, e: _Entry, code: Intercept) -> None:
        """VALIDITY / CHECKSTOP: the VM stops and the user is told in one line."""
        e.vm.stopped = True
        why = DESCRIPTION[code].upper()
        if code == Intercept.VALIDITY:
            why += f": {VALIDITY_REASONS.get(e.vm.sd.validity_reason, 'unknown').upper()}"
        self._tell(e, f"VIRTUAL MACHINE STOPPED: {why}")

    def _sigp(self, e: _Entry, code: Intercept) -> None:
        """SIGNAL PROCESSOR: the VM's handler if it has one, else CC 3 (a virtual
        uniprocessor: no other CPU is there to answer)."""
        handler = getattr(e.vm, "on_sigp", None)
        if handler is not None:
            handler()
        else:
            e.vm.sd.S[L.PSW_CC] = 3

    def _sck(self, e: _Entry, code: Intercept) -> None:
        """SET CLOCK: the VM's handler if it has one, else the guest's TOD epoch changes."""
        handler = getattr(e.vm, "on_sck", None)
        if handler is not None:
            handler()
            return
        sd = e.vm.sd
        addr = sd.intercept_address
        if addr & 7 or addr + 8 > sd.memsize:
            sd.program_interrupt(L.PIC_SPECIFICATION if addr & 7 else L.PIC_ADDRESSING)
            return
        set_guest_tod(sd, int.from_bytes(sd.read(addr, 8), "big"))
        sd.S[L.PSW_CC] = 0

    # ------------------------------------------------------------------ the ticker
    def _ticker_main(self) -> None:
        """Clock-comparator wake-ups, the slice watchdog, a sweep of parked users, load samples."""
        with self._lock:
            next_sweep = time.monotonic()
            while not self._stopping:
                now = time.monotonic()
                nearest = now + SWEEP
                for e in list(self._entries.values()):
                    if e.state == WAITING:
                        if e.deadline is not None and e.deadline <= now:
                            if not self._runnable(e):
                                e.state = STOPPED
                                continue
                            e.woken_at = now
                            e.wakes += 1
                            self._make_ready(e, now, interactive=now - e.wait_since >= IDLE_WAIT)
                        elif e.deadline is not None:
                            nearest = min(nearest, e.deadline)
                    elif e.state == RUNNING:
                        limit = e.slice_start + OVERRUN * e.slice_target
                        if now >= limit and not e.preempted:
                            e.preempted = True
                            request_exit(e.vm.sd)
                        elif not e.preempted:
                            nearest = min(nearest, limit)
                    elif e.state == STOPPED and now >= next_sweep and self._runnable(e):
                        self._make_ready(e, now, interactive=True)   # made runnable without a kick
                if now >= next_sweep:
                    self._samples.append((now, self._busy))
                    next_sweep = now + SWEEP
                self._tick.wait(max(0.0005, min(nearest, next_sweep) - time.monotonic()))

    def _wake_deadline(self, vm, now: float) -> float | None:
        """When a waiting VM's clock comparator comes due (monotonic seconds), or None.

        The VM's own ``wake_deadline()`` if it has one; else from CKC and the guest TOD
        (the CPU timer and interval timer run only while a VM runs: they cannot end a wait)."""
        own = getattr(vm, "wake_deadline", None)
        if own is not None:
            d = own()
            return None if d is None else min(d, now + MAX_PARK)
        S = vm.sd.S
        if not (int(S[L.PSW_SYSMASK]) & L.SM_EXT) or not (int(S[L.CR]) & L.CR0_CKC):
            return None
        ckc = int(S[L.CKC]) & M64
        left = (ckc - guest_tod(vm.sd)) & M64
        if left >> 63:                                   # already past: presents at once
            return now
        return now + min(left / TOD_PER_SECOND, MAX_PARK)

    # ------------------------------------------------------------------ telling people
    def _tell(self, e: _Entry, text: str) -> None:
        try:
            e.user.say(text)
        except Exception:
            pass

    def _log(self, text: str) -> None:
        log = getattr(self.system, "log", None)
        if log is not None:
            try:
                log(text)
            except Exception:
                pass


class _HostPriority:
    """A worker thread's place in the host's scheduler, below CP's own threads (terminals,
    commands, spool) as VM/370's CP ran before any virtual machine: a CPU-bound guest then
    delays a terminal's answer by a host time slice at most, not by its own.  Interactive
    (Q1) guests run at ``Q1_NICE``, others at ``WORKER_NICE``; a host that does not let a
    thread lower its nice value again (no CAP_SYS_NICE) keeps the higher one."""

    def __init__(self):
        self.tid = threading.get_native_id()
        try:
            self.base = os.getpriority(os.PRIO_PROCESS, self.tid)
        except (AttributeError, OSError):
            self.base = None
        self.level = 0

    def set(self, nice: int) -> None:
        if self.base is None or nice == self.level:
            return
        try:
            os.setpriority(os.PRIO_PROCESS, self.tid, min(19, self.base + nice))
            self.level = nice
        except OSError:
            pass


def _command_trace_hook():
    """TRACE's handler in cp.commands.trace, if that part is in the build."""
    try:
        from .commands.trace import trace_event
    except ImportError:
        return None
    return trace_event


def _percentile(sorted_values, q: float) -> float:
    i = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[i]


# What the end of a slice means beyond the queues (those not named: nothing).
_AFTER = {
    Intercept.PROGRAM: Dispatcher._trace,
    Intercept.INSTRUCTION: Dispatcher._trace,
    Intercept.TRACE: Dispatcher._trace,
    Intercept.VALIDITY: Dispatcher._broken,
    Intercept.CHECKSTOP: Dispatcher._broken,
    Intercept.SIGP: Dispatcher._sigp,
    Intercept.SCK: Dispatcher._sck,
}
