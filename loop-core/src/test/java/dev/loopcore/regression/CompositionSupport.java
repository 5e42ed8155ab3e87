package dev.loopcore.regression;

import dev.loopcore.LoopPool;
import dev.loopcore.MailboxKind;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 12 regression tests: loops and pools closed after each test (daemon threads, so a failing test
 * never keeps the JVM alive), and waits that are always bounded. Public API only.
 */
abstract class CompositionSupport {
    /** What a correct implementation needs many times over; a hang becomes a failure after it. */
    static final Duration BOUND = Duration.ofSeconds(5);
    /** How long a test waits for something that today's code never does. */
    static final Duration SHORT = Duration.ofSeconds(2);

    private final List<MessageLoop> loops = new ArrayList<>();
    private final List<LoopPool> pools = new ArrayList<>();

    MessageLoop loop(String name) {
        return track(MessageLoop.builder(name).daemon(true).start());
    }

    MessageLoop bounded(String name, int capacity) {
        return track(MessageLoop.builder(name).mailbox(MailboxKind.BOUNDED).capacity(capacity).daemon(true).start());
    }

    LoopPool pool(String name, int threads) {
        LoopPool p = LoopPool.create(name, threads);
        pools.add(p);
        return p;
    }

    <L extends MessageLoop> L track(L loop) {
        loops.add(loop);
        return loop;
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        for (MessageLoop l : loops) l.close();
        for (LoopPool p : pools) p.close();
        // Termination is not what these tests check; a loop stuck in a hang of today's code is a daemon.
        for (MessageLoop l : loops) {
            if (!(l instanceof dev.loopcore.DrivenLoop)) l.awaitTermination(BOUND);
        }
        for (LoopPool p : pools) p.awaitTermination(BOUND);
    }

    static void await(CountDownLatch latch) {
        assertTrue(awaitQuietly(latch, BOUND), "timed out; count " + latch.getCount());
    }

    /** For tasks on loops: a bounded wait whose failure the test reports elsewhere. */
    static boolean awaitQuietly(CountDownLatch latch, Duration bound) {
        try {
            return latch.await(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) fail("timed out waiting for: " + what);
            Thread.onSpinWait();
        }
    }

    /** Lets wall-clock time pass for a delay-based condition; nothing synchronises on it. */
    static void letTimePass(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) Thread.onSpinWait();
    }
}
