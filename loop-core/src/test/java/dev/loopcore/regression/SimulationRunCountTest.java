package dev.loopcore.regression;

import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import dev.loopcore.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Simulation#runUntilIdle()} and {@link Simulation#runFor} return how many tasks, delayed
 * tasks and callbacks ran, including those that ran inside a nested {@code await()} of a simulated
 * task (review fix of bec71a9: only what the outermost step's own loop ran was counted).
 */
class SimulationRunCountTest {

    @Test
    void runUntilIdleCountsTheTasksThatRanInsideNestedAwaits() {
        try (Simulation sim = Simulation.create(42)) {
            MessageLoop a = sim.newLoop("a"), b = sim.newLoop("b"), c = sim.newLoop("c");
            AtomicInteger ran = new AtomicInteger(); // every task below adds one
            // a's task awaits b's, which awaits c's: b's and c's run inside a's await.
            Reply<Integer> r = a.call(() -> {
                ran.incrementAndGet();
                return b.call(() -> {
                    ran.incrementAndGet();
                    return 6 * c.call(() -> {
                        ran.incrementAndGet();
                        return 7;
                    }).await();
                }).await();
            });

            int n = sim.runUntilIdle();

            assertTrue(r.isDone());
            assertEquals(42, r.await());
            assertEquals(3, ran.get());
            assertEquals(3, n, "runUntilIdle() must count the 2 tasks that ran inside the nested awaits");
        }
    }

    @Test
    void runForCountsTheTasksThatRanInsideANestedAwaitOfADelayedTask() {
        try (Simulation sim = Simulation.create(7)) {
            MessageLoop a = sim.newLoop("a"), b = sim.newLoop("b");
            AtomicInteger ran = new AtomicInteger();
            a.postDelayed(() -> ran.addAndGet(b.call(ran::incrementAndGet).await()), Duration.ofSeconds(1));

            int n = sim.runFor(Duration.ofSeconds(2));

            assertEquals(2, ran.get(), "b's task (1) then a's delayed task adding its result (1 + 1)");
            assertEquals(2, n, "runFor() must count the delayed task and the task that ran inside its await");
        }
    }
}
