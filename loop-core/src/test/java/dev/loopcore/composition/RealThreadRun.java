package dev.loopcore.composition;

import dev.loopcore.DrivenLoop;
import dev.loopcore.LoopPool;
import dev.loopcore.MailboxKind;
import dev.loopcore.MessageLoop;
import dev.loopcore.composition.Invariants.Violation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Runs a program on real threads: each loop of the kind the program names (own thread with an
 * unbounded or a 4-slot bounded mailbox, a loop of a 1- or 2-thread pool, a driven loop run by a helper
 * thread in {@code runUntilClosed()}). The driver's operations run on a thread of their own so that a
 * hang is reported, not suffered; every wait is bounded. Then a bounded wait for quiescence, every
 * loop and pool closed and awaited, the helpers joined, and the checks.
 */
final class RealThreadRun {
    private static final Duration DRIVER_BOUND = Duration.ofSeconds(60);
    private static final Duration QUIESCENCE_BOUND = Duration.ofSeconds(15);

    /** Counts over every run of this JVM, printed by the tests. */
    static final java.util.SortedMap<String, Long> TALLY = new java.util.concurrent.ConcurrentSkipListMap<>();

    final Program program;
    final List<Violation> violations;

    final List<EventLog.Event> events;

    private RealThreadRun(Program program, List<Violation> violations, List<EventLog.Event> events) {
        this.program = program;
        this.violations = violations;
        this.events = events;
    }

    static RealThreadRun run(Program p) throws InterruptedException {
        EventLog log = new EventLog();
        String prefix = "c" + p.seed() + "-";
        BiConsumer<MessageLoop, Throwable> uncaught =
                (l, t) -> log.violation(4, "uncaught on " + l.name() + ": " + Interpreter.describe(t));
        MessageLoop[] loops = new MessageLoop[p.loops().size()];
        List<Thread> helpers = new ArrayList<>();
        LoopPool pool1 = null;
        LoopPool pool2 = null;
        Interpreter in = null;
        try {
            for (int i = 0; i < loops.length; i++) {
                String name = prefix + "L" + i;
                switch (p.loops().get(i)) {
                    case BOUNDED:
                        loops[i] = MessageLoop.builder(name).mailbox(MailboxKind.BOUNDED).capacity(4)
                                .daemon(true).uncaughtHandler(uncaught).start();
                        break;
                    case POOL1:
                        if (pool1 == null) pool1 = LoopPool.builder(prefix + "pool1").threads(1).uncaughtHandler(uncaught).build();
                        loops[i] = pool1.newLoop(name);
                        break;
                    case POOL2:
                        if (pool2 == null) pool2 = LoopPool.builder(prefix + "pool2").threads(2).uncaughtHandler(uncaught).build();
                        loops[i] = pool2.newLoop(name);
                        break;
                    case DRIVEN:
                        loops[i] = startDriven(name, uncaught, helpers);
                        break;
                    default:
                        loops[i] = MessageLoop.builder(name).daemon(true).uncaughtHandler(uncaught).start();
                }
            }
            Interpreter interpreter = in = new Interpreter(loops, log, null);
            CountDownLatch done = new CountDownLatch(1);
            Thread driver = new Thread(() -> {
                try {
                    interpreter.runDriver(p);
                } catch (Throwable t) {
                    log.violation(4, "the driver threw " + Interpreter.describe(t));
                } finally {
                    done.countDown();
                }
            }, prefix + "driver");
            driver.setDaemon(true);
            driver.start();
            if (!done.await(DRIVER_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                log.violation(8, "the driver did not finish within " + DRIVER_BOUND.toSeconds() + " s; it is at\n" + stack(driver));
            }
            in.awaitQuiescence(QUIESCENCE_BOUND);
            in.checkRepliesDone();
        } finally {
            if (in != null) in.closeAll();
            for (MessageLoop l : loops) if (l != null) l.close();
            for (int i = 0; i < loops.length; i++) {
                if (loops[i] != null && in != null) in.awaitTermination(i, Interpreter.BOUND);
            }
            for (LoopPool pool : new LoopPool[] {pool1, pool2}) {
                if (pool == null) continue;
                pool.close();
                if (!pool.awaitTermination(Interpreter.BOUND)) log.violation(3, "pool " + pool.name() + " did not terminate");
            }
            for (Thread h : helpers) {
                h.join(Interpreter.BOUND.toMillis());
                if (h.isAlive()) log.violation(3, "runUntilClosed() on " + h.getName() + " did not return after close()");
            }
        }
        checkRefs(in, log);
        List<EventLog.Event> events = log.snapshot();
        return new RealThreadRun(p, Invariants.check(events, false, TALLY), events);
    }

    /** A driven loop, made and run by a helper thread of its own until it is closed. */
    private static DrivenLoop startDriven(String name, BiConsumer<MessageLoop, Throwable> uncaught, List<Thread> helpers)
            throws InterruptedException {
        AtomicReference<DrivenLoop> made = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            DrivenLoop d = MessageLoop.builder(name).uncaughtHandler(uncaught).driven();
            made.set(d);
            ready.countDown();
            d.runUntilClosed();
        }, name + "-runner");
        t.setDaemon(true);
        t.start();
        helpers.add(t);
        if (!ready.await(Interpreter.BOUND.toSeconds(), TimeUnit.SECONDS)) throw new AssertionError("driven loop " + name + " was not made");
        return made.get();
    }

    /** Contract 12: once everything terminated, every RefCounted argument was deallocated exactly once. */
    static void checkRefs(Interpreter in, EventLog log) {
        if (in == null) return;
        for (CountingRef r : in.refs) {
            if (r.refCount() != 0 || r.deallocations.get() != 1) {
                log.violation(12, "after termination the argument of #" + r.op + " has count " + r.refCount()
                        + " and was deallocated " + r.deallocations.get() + " times");
            }
        }
    }

    private static String stack(Thread t) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) sb.append("    at ").append(e).append('\n');
        return sb.toString();
    }
}
