package dev.loopcore.regression;

import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A pending interrupt does not make a library wait spin (review fix of bec71a9): every park of an
 * interrupted thread returned at once, so an await, or an idle loop, burnt a core until the wait
 * ended. The interrupt is cleared before parking and set again when the wait ends: the caller of
 * {@code await()} still sees it. Spinning is told from parking by the waiting thread's CPU time over
 * the wait, against the wall time it lasted (a spinning thread is near 100 %).
 */
class InterruptedWaitTest extends CompositionSupport {
    /** How long each wait lasts; long enough that a parked thread's CPU time is a small share of it. */
    static final Duration WAIT = Duration.ofMillis(300);
    /**
     * A parked waiter's CPU time stays far below this share of the wall time, a spinning one far above
     * (measured on a loaded 2-core machine: parked 0-5 %, spinning 45-100 %).
     */
    static final double MAX_CPU_SHARE = 0.2;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @BeforeEach
    void cpuTimeIsMeasurable() {
        assumeTrue(threads.isThreadCpuTimeSupported() && threads.isCurrentThreadCpuTimeSupported(),
                "this JVM measures no thread CPU time");
        if (!threads.isThreadCpuTimeEnabled()) threads.setThreadCpuTimeEnabled(true);
    }

    /** A reply that {@code clock} completes {@link #WAIT} after this is called (the target's task blocks on a latch). */
    private Reply<Integer> replyIn(MessageLoop target, MessageLoop clock, int value) {
        CountDownLatch release = new CountDownLatch(1);
        Reply<Integer> reply = target.call(() -> {
            awaitQuietly(release, BOUND);
            return value;
        });
        clock.postDelayed(release::countDown, WAIT);
        return reply;
    }

    private static String share(long cpuNanos, long wallNanos) {
        return String.format("CPU %.1f ms over %.1f ms of wall time (%.0f %%)",
                cpuNanos / 1e6, wallNanos / 1e6, 100.0 * cpuNanos / wallNanos);
    }

    /**
     * On the calling thread: sets its interrupt, awaits {@code reply}, and describes what happened:
     * the value, whether the interrupt was set again (cleared after if {@code clear}), and whether the
     * thread parked (CPU time well below wall time) or spun.
     */
    private String awaitInterrupted(Reply<Integer> reply, boolean clear) {
        Thread.currentThread().interrupt();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        int v = reply.await();
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        boolean interrupted = clear ? Thread.interrupted() : Thread.currentThread().isInterrupted();
        return v + " interrupted=" + interrupted + " " + (cpu < MAX_CPU_SHARE * wall ? "parked" : "spun: " + share(cpu, wall));
    }

    @Test
    void aPlainThreadAwaitingWithItsInterruptSetParksAndGetsTheInterruptBack() throws Exception {
        MessageLoop target = loop("target");
        MessageLoop clock = loop("clock");
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                seen.complete(awaitInterrupted(replyIn(target, clock, 42), false));
            } catch (Throwable e) {
                seen.completeExceptionally(e);
            }
        }, "interrupted-awaiter");
        waiter.setDaemon(true);
        waiter.start();

        assertEquals("42 interrupted=true parked", seen.get(BOUND.toMillis(), TimeUnit.MILLISECONDS),
                "an interrupted plain thread's await() must park (not spin) and keep the interrupt");
    }

    @Test
    void aTaskAwaitingWithItsThreadInterruptedParksAndGetsTheInterruptBack() {
        MessageLoop waiting = loop("waiting");
        MessageLoop target = loop("target");
        MessageLoop clock = loop("clock");
        String outcome = waiting.call(() -> {
            // cleared after: the loop's own idling is not this test's subject
            return awaitInterrupted(replyIn(target, clock, 42), true);
        }).await(BOUND);

        assertEquals("42 interrupted=true parked", outcome,
                "a task's await() on an interrupted loop thread must park (not spin) and keep the interrupt");
    }

    @Test
    void anIdleLoopWhoseThreadWasInterruptedDoesNotSpin() {
        MessageLoop idle = loop("interrupted-idle");
        MessageLoop clock = loop("clock");
        long id = idle.call(() -> Thread.currentThread().getId()).await(BOUND);
        idle.call(() -> {
            Thread.currentThread().interrupt(); // the task returns with it pending: the loop idles interrupted
            return null;
        }).await(BOUND);

        long cpu0 = threads.getThreadCpuTime(id);
        long wall0 = System.nanoTime();
        CountDownLatch timePassed = new CountDownLatch(1);
        clock.postDelayed(timePassed::countDown, WAIT); // lets wall time pass; nothing synchronises on it
        await(timePassed);
        long cpu1 = threads.getThreadCpuTime(id);
        long wall = System.nanoTime() - wall0;
        long cpu = cpu1 - cpu0;

        assertTrue(cpu0 >= 0 && cpu1 >= 0, "the loop's thread is gone");
        assertTrue(cpu < MAX_CPU_SHARE * wall, "the idle loop spun: " + share(cpu, wall));
    }
}
