package dev.loopcore.composition;

import dev.loopcore.CallFailedException;
import dev.loopcore.Cancellable;
import dev.loopcore.MessageLoop;
import dev.loopcore.RejectedCallException;
import dev.loopcore.Reply;
import dev.loopcore.Simulation;
import dev.loopcore.composition.EventLog.Type;
import dev.loopcore.composition.Program.Call;
import dev.loopcore.composition.Program.Close;
import dev.loopcore.composition.Program.Delayed;
import dev.loopcore.composition.Program.Op;
import dev.loopcore.composition.Program.Post;
import dev.loopcore.composition.Program.Repeating;
import dev.loopcore.composition.Program.Run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Executes a {@link Program} on given loops, recording every step in an {@link EventLog} and keeping
 * the obligations still open (accepted posts not yet run, {@code then} callbacks not yet called,
 * timers neither run nor cancelled) so that a runner can tell when the program has quiesced.
 *
 * <p>Tasks never throw: whatever an operation throws is recorded (an await's outcome, or a VIOLATION),
 * so an uncaught exception on a loop is itself a finding (contract 4).
 *
 * <p>Threading: {@link #runDriver()} on one thread (the simulation's driver when simulated); tasks on
 * their loops' threads.
 */
final class Interpreter {
    /** Every wait on real threads is bounded by this; reaching it is reported as a hang. */
    static final Duration BOUND = Duration.ofSeconds(5);
    private static final long THEN_PRODUCER = 1_000_000L;
    private static final int REPLY_KEY = 1_000_000;
    private static final long TIMER_PRODUCER = 2_000_000L;

    /**
     * An open obligation: what it is, and the loop whose termination excuses it (a callback for a
     * terminated caller is dropped, a delayed task of a terminated loop never runs); -1: nothing does.
     * Termination, not close: a closed loop still runs what it accepted, which may meet it.
     */
    record Obligation(String what, int contract, int excusedBy) { }

    private final MessageLoop[] loops;
    private final EventLog log;
    private final Simulation sim;
    private final LongSupplier clock;
    /** By operation id; a {@code then} callback's by minus its call's id; a reply's by its id plus {@link #REPLY_KEY}. */
    final Map<Integer, Obligation> open = new ConcurrentHashMap<>();
    final Map<Integer, Reply<Integer>> replies = new ConcurrentHashMap<>();
    final Queue<CountingRef> refs = new ConcurrentLinkedQueue<>();
    private final boolean[] terminatedSeen;
    private final Object quiet = new Object();

    Interpreter(MessageLoop[] loops, EventLog log, Simulation sim) {
        this.loops = loops;
        this.log = log;
        this.sim = sim;
        this.clock = sim != null ? sim::nanoTime : System::nanoTime;
        this.terminatedSeen = new boolean[loops.length];
    }

    void runDriver(Program p) {
        execAll(p.driver(), -1, 0);
    }

    private void execAll(List<Op> ops, int here, long producer) {
        for (Op op : ops) {
            try {
                exec(op, here, producer);
            } catch (Throwable t) {
                log.violation(4, "operation #" + op.id() + " threw " + describe(t));
            }
        }
    }

    private void exec(Op op, int here, long producer) throws InterruptedException {
        if (op instanceof Post) post((Post) op, producer);
        else if (op instanceof Call) call((Call) op, here, producer);
        else if (op instanceof Delayed) delayed((Delayed) op, producer);
        else if (op instanceof Repeating) repeating((Repeating) op, producer);
        else if (op instanceof Close) close((Close) op, here);
        else if (op instanceof Run) run((Run) op);
    }

    // ================= operations =================

    private void post(Post p, long producer) {
        MessageLoop t = loops[p.target()];
        Object[] a = new Object[p.args()];
        for (int i = 0; i < a.length; i++) {
            if ((p.refMask() >> i & 1) != 0) {
                CountingRef r = new CountingRef(p.id());
                refs.add(r);
                a[i] = r;
            } else {
                a[i] = i;
            }
        }
        open.put(p.id(), new Obligation("accepted post #" + p.id() + " to L" + p.target() + " has not run", 2, -1));
        long begin = log.mark();
        boolean accepted;
        switch (a.length) {
            case 0:
                accepted = t.post(() -> task(p.id(), p.target(), p.body()));
                break;
            case 1:
                accepted = t.post(x -> task(p.id(), p.target(), p.body(), x), a[0]);
                break;
            case 2:
                accepted = t.post((x, y) -> task(p.id(), p.target(), p.body(), x, y), a[0], a[1]);
                break;
            default:
                accepted = t.post((x, y, z) -> task(p.id(), p.target(), p.body(), x, y, z), a[0], a[1], a[2]);
        }
        log.add(Type.POST, p.id(), p.target(), producer, begin, accepted, 0, 0, null);
        if (!accepted) {
            open.remove(p.id());
            for (Object x : a) {
                if (x instanceof CountingRef && ((CountingRef) x).refCount() != 0) {
                    log.violation(12, "rejected post #" + p.id() + " returned before releasing its argument: " + x);
                }
            }
        }
    }

    private void call(Call c, int here, long producer) {
        MessageLoop t = loops[c.target()];
        if (!c.await()) {
            open.put(-c.id(), new Obligation("then callback of call #" + c.id() + " (caller "
                    + (here < 0 ? "driver" : "L" + here) + ") has not run", 7, here));
        }
        long begin = log.mark();
        Reply<Integer> r = t.call(() -> {
            task(c.id(), c.target(), c.body());
            return c.id();
        });
        replies.put(c.id(), r);
        open.put(REPLY_KEY + c.id(), new Obligation("the reply of call #" + c.id() + " is not done", 7, -1));
        r.toFuture().whenComplete((v, e) -> {
            open.remove(REPLY_KEY + c.id());
            settled();
        });
        log.add(Type.CALL, c.id(), c.target(), producer, begin, false, 0, here, null);
        if (c.await()) {
            log.add(Type.AWAIT_BEGIN, c.id(), here);
            String outcome;
            try {
                Integer v = sim != null ? r.await() : r.await(BOUND);
                outcome = v == c.id() ? "value" : "wrong value " + v;
            } catch (Throwable e) {
                outcome = describe(e);
            }
            log.add(Type.AWAIT_END, c.id(), here, 0, 0, false, 0, 0, outcome);
        } else {
            r.then(v -> callback(c, here, v == c.id() ? "value" : "wrong value " + v),
                    e -> callback(c, here, describe(e)));
        }
    }

    private void callback(Call c, int here, String outcome) {
        log.add(Type.CALLBACK, c.id(), here, 0, 0, false, 0, 0, outcome);
        if (here >= 0) checkCurrent(c.id(), here, "then callback");
        if (outcome.equals("value")) execAll(c.thenBody(), here, THEN_PRODUCER + c.id());
        open.remove(-c.id());
        settled();
    }

    private void delayed(Delayed d, long producer) {
        MessageLoop t = loops[d.target()];
        open.put(d.id(), new Obligation("delayed task #" + d.id() + " on L" + d.target() + " neither ran nor was cancelled", 6, d.target()));
        long begin = log.mark();
        long at = clock.getAsLong();
        Cancellable h = t.postDelayed(() -> {
            log.add(Type.TIMER_RUN, d.id(), d.target(), 0, 0, false, clock.getAsLong(), 0, null);
            checkCurrent(d.id(), d.target(), "delayed task");
            execAll(d.body(), d.target(), TIMER_PRODUCER + d.id());
            open.remove(d.id());
            settled();
        }, Duration.ofMillis(d.delayMs()));
        log.add(Type.TIMER_SCHEDULED, d.id(), d.target(), producer, begin, false, at, d.delayMs() * 1_000_000L, null);
        if (d.cancel()) {
            boolean cancelled = h.cancel();
            log.add(Type.CANCEL, d.id(), d.target(), 0, 0, cancelled, 0, 0, null);
            if (cancelled) open.remove(d.id());
        }
    }

    private void repeating(Repeating r, long producer) {
        MessageLoop t = loops[r.target()];
        open.put(r.id(), new Obligation("repeating task #" + r.id() + " on L" + r.target() + " was never cancelled", 6, r.target()));
        AtomicReference<Cancellable> handle = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        long begin = log.mark();
        long at = clock.getAsLong();
        Cancellable h = t.postRepeating(() -> {
            int k = runs.incrementAndGet();
            log.add(Type.TICK, r.id(), r.target(), 0, 0, false, clock.getAsLong(), k, null);
            checkCurrent(r.id(), r.target(), "repeating task");
            Cancellable self = handle.get();
            // the handle may not be published yet on a real thread: then cancel on a later run
            if (k >= r.cancelOnRun() && self != null && open.containsKey(r.id())) {
                boolean cancelled = self.cancel();
                log.add(Type.CANCEL, r.id(), r.target(), 0, 0, cancelled, 0, k, null);
                if (cancelled) open.remove(r.id());
                settled();
            }
            log.add(Type.TICK_END, r.id(), r.target(), 0, 0, false, clock.getAsLong(), k, null);
        }, Duration.ofMillis(r.initialMs()), Duration.ofMillis(r.periodMs()));
        handle.set(h);
        log.add(Type.TIMER_SCHEDULED, r.id(), r.target(), producer, begin, true, at, r.initialMs() * 1_000_000L,
                Long.toString(r.periodMs() * 1_000_000L));
    }

    private void close(Close c, int here) throws InterruptedException {
        long begin = log.mark();
        loops[c.target()].close();
        log.add(Type.CLOSE, c.id(), c.target(), here, begin, false, clock.getAsLong(), 0, null);
        settled();
        if (here == -1 && c.awaitTermination() && sim == null) awaitTermination(c.target(), BOUND);
    }

    /** The runner's final close of every loop, logged like the program's own closes. */
    void closeAll() {
        for (int i = 0; i < loops.length; i++) {
            long begin = log.mark();
            loops[i].close();
            log.add(Type.CLOSE, 0, i, -1, begin, false, clock.getAsLong(), 0, "final");
        }
    }

    private void run(Run r) {
        sim.runFor(Duration.ofMillis(r.ms()));
        noteTerminations();
    }

    // ================= tasks =================

    private void task(int id, int target, List<Op> body, Object... args) {
        log.add(Type.RUN, id, target, 0, 0, false, clock.getAsLong(), 0, null);
        checkCurrent(id, target, "task");
        for (Object a : args) {
            if (a instanceof CountingRef && ((CountingRef) a).refCount() < 1) {
                log.violation(12, "task #" + id + " got an argument already released: " + a);
            }
        }
        execAll(body, target, id);
        open.remove(id);
        settled();
    }

    private void checkCurrent(int id, int loop, String what) {
        MessageLoop cur = MessageLoop.current();
        if (cur != loops[loop] || !loops[loop].isCurrent()) {
            log.violation(5, what + " #" + id + " of L" + loop + " runs with current() = "
                    + (cur == null ? "null" : cur.name()) + " on thread " + Thread.currentThread().getName());
        }
    }

    // ================= quiescence and termination =================

    private void settled() {
        if (sim == null) {
            synchronized (quiet) {
                quiet.notifyAll();
            }
        }
    }

    /** Obligations that no close excuses: what must still happen. */
    List<Obligation> unmet() {
        List<Obligation> unmet = new ArrayList<>();
        for (Obligation o : open.values()) {
            if (o.excusedBy() < 0 || !terminated(loops[o.excusedBy()])) unmet.add(o);
        }
        return unmet;
    }

    private static boolean terminated(MessageLoop l) {
        try {
            return l.isClosed() && l.awaitTermination(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Real threads: waits (bounded) until every obligation is met or excused; records QUIESCENT. */
    List<Obligation> awaitQuiescence(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (quiet) {
            List<Obligation> unmet;
            while (!(unmet = unmet()).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                // a termination excuses obligations without notifying: look again at least every 20 ms
                quiet.wait(Math.max(1, Math.min(20, left / 1_000_000)));
            }
            log.add(Type.QUIESCENT, 0, -1);
            return unmet;
        }
    }

    /** Simulation: the program has run until idle; records QUIESCENT. */
    List<Obligation> quiescedNow() {
        List<Obligation> unmet = unmet();
        log.add(Type.QUIESCENT, 0, -1);
        return unmet;
    }

    void awaitTermination(int loop, Duration bound) throws InterruptedException {
        if (loops[loop].awaitTermination(bound)) {
            noteTerminated(loop);
        } else {
            log.violation(3, "L" + loop + " closed but did not terminate within " + bound.toSeconds() + " s");
        }
    }

    /** Simulation: records TERMINATED for closed loops that have terminated. */
    void noteTerminations() {
        for (int i = 0; i < loops.length; i++) {
            try {
                if (!terminatedSeen[i] && loops[i].isClosed() && loops[i].awaitTermination(Duration.ZERO)) noteTerminated(i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void noteTerminated(int loop) {
        if (!terminatedSeen[loop]) {
            terminatedSeen[loop] = true;
            log.add(Type.TERMINATED, 0, loop);
        }
    }

    /** A reply is done for every call once the program quiesced (contract 7). */
    void checkRepliesDone() {
        replies.forEach((id, r) -> {
            if (!r.isDone()) log.violation(7, "the reply of call #" + id + " is not done after the program quiesced");
        });
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof RejectedCallException) sb.append('(').append(((RejectedCallException) e).reason()).append(')');
        if (e instanceof CallFailedException && e.getCause() != null) sb.append(" <- ").append(describe(e.getCause()));
        else if (e.getMessage() != null) sb.append(": ").append(e.getMessage());
        return sb.toString();
    }
}
