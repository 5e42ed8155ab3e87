package dev.loopcore.composition;

import dev.loopcore.DeadlockException;
import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import dev.loopcore.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defects the composition tests found, each reduced to a minimal program and pinned here (each failed
 * before its fix: a pooled await serving a suspended await below it is itself suspended on that thread;
 * a message's chain skips completed links as a call's parent does), with a control beside them.
 */
class FoundByCompositionTest {
    private static final Duration BOUND = Duration.ofSeconds(5);

    /** A control that passes: one sync call back across a pooled await, with the call arriving from another thread. */
    @Test
    void aPooledLoopAwaitingALoopSuspendedBelowItOnTheSameThreadCompletes() throws Exception {
        LoopPool pool = LoopPool.create("found-pool", 1);
        MessageLoop x = MessageLoop.builder("found-x").daemon(true).start();
        try {
            MessageLoop a = pool.newLoop("A");
            MessageLoop b = pool.newLoop("B");
            CountDownLatch bStarted = new CountDownLatch(1);
            Reply<Integer> r = a.call(() -> x.call(() -> {
                b.call(() -> {
                    bStarted.countDown();
                    // B runs on the pool's thread above A's await; A may run this call: it is of A's awaited chain
                    return a.call(() -> 1).await(BOUND);
                });
                try {
                    bStarted.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 2;
            }).await(BOUND));
            assertEquals(2, r.await(BOUND.multipliedBy(3)));
        } finally {
            pool.close();
            x.close();
            pool.awaitTermination(BOUND);
            x.awaitTermination(BOUND);
        }
    }

    /**
     * Contracts 8 and 9: A awaits B, B awaits A (a sync call back: runs nested on A), then A, nested,
     * awaits B again, whose task is suspended lower on the same pool thread in its own await. On
     * dedicated threads and on the simulation this completes; on a pool it hangs until the timeout.
     * Found by RealThreadCompositionTest seed 705 (the program: L1 awaits L0, L0 calls back L1 and
     * awaits, L1 calls back L0 and awaits, all on one 1-thread pool); the 2-thread pool hung too.
     */
    @ParameterizedTest(name = "{0}-thread pool")
    @ValueSource(ints = {1, 2})
    void syncCallsBackAndForthBetweenTwoLoopsOfAPoolComplete(int threads) throws Exception {
        LoopPool pool = LoopPool.create("found-pingpong" + threads, threads);
        try {
            MessageLoop a = pool.newLoop("A");
            MessageLoop b = pool.newLoop("B");
            Reply<Integer> r = a.call(() -> b.call(() -> a.call(() -> b.call(() -> 1).await(BOUND)).await(BOUND)).await(BOUND));
            assertEquals(1, r.await(BOUND.multipliedBy(4)));
        } finally {
            pool.close();
            pool.awaitTermination(BOUND);
        }
    }

    /**
     * Contracts 8 and 9: A's task awaits a call f to B on a 1-thread pool, so A lends the thread to B and
     * its await is suspended below B's batch. f calls B itself (g, with a callback) and returns: A's
     * awaited reply is done, but A's await cannot return while B's batch runs above it. g then calls A
     * (h) and awaits it. h is caused by f, so A's await runs it, as it would have had it come before f
     * returned; A's await used to refuse it because its own reply was done, and both hung until the
     * timeout. Found by RealThreadCompositionTest seed 4325 (a 90 s campaign); the pool seed 5320 too.
     */
    @Test
    void aCallCausedByACompletedAwaitOfALoopSuspendedBelowIsServed() throws Exception {
        LoopPool pool = LoopPool.create("found-done-below", 1);
        try {
            MessageLoop a = pool.newLoop("A");
            MessageLoop b = pool.newLoop("B");
            CountDownLatch hRan = new CountDownLatch(1);
            List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
            Reply<Integer> r = a.call(() -> b.call(() -> {
                b.call(() -> a.call(() -> {
                    hRan.countDown();
                    return 3;
                }).await(BOUND)).then(v -> got.add("g=" + v), e -> got.add("g failed: " + e));
                return 2;
            }).await(BOUND));
            assertEquals(2, r.await(BOUND.multipliedBy(3)));
            assertTrue(hRan.await(BOUND.toSeconds(), TimeUnit.SECONDS), "h ran");
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
            assertEquals(List.of("g=3"), got);
        } finally {
            pool.close();
            pool.awaitTermination(BOUND);
        }
    }

    /**
     * Contract 1: a task's call and its later post to one loop start in that order, also when the
     * task's await of the call threw {@code DeadlockException}. Reduced from
     * SimulationCompositionTest seed 1977: A awaits B's call f; f posts g to B and h to A, and replies;
     * A, finishing its await, runs h, which awaits a call to B queued behind g; g runs first, calls A
     * and awaits: a real cycle (A waits for B behind g, g waits for A), DeadlockException; g then
     * posts p to A. The call (g's first message to A, of A's awaited chain like p) runs only after
     * A's await ended, after p.
     */
    @Test
    void aCallWhoseAwaitDeadlockedStillRunsBeforeTheSameTasksLaterPost() {
        int deadlocked = 0;
        for (long seed = 0; seed < 64; seed++) {
            List<String> ran = new ArrayList<>();
            try (Simulation sim = Simulation.create(seed)) {
                MessageLoop a = sim.newLoop("A");
                MessageLoop b = sim.newLoop("B");
                Reply<Integer> r = a.call(() -> b.call(() -> {
                    b.post(() -> {
                        try {
                            a.call(() -> ran.add("call")).await();
                        } catch (DeadlockException expected) {
                            ran.add("deadlock");
                        }
                        a.post(() -> ran.add("post"));
                    });
                    a.post(() -> b.call(() -> 13).await());
                    return 7;
                }).await());
                assertEquals(7, r.await());
                sim.runUntilIdle();
            }
            if (!ran.contains("deadlock")) continue;
            deadlocked++;
            assertEquals(List.of("deadlock", "call", "post"), ran, "seed " + seed);
        }
        assertTrue(deadlocked > 0, "no seed reached the deadlock");
    }
}
