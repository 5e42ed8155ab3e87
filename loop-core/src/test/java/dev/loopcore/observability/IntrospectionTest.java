package dev.loopcore.observability;

import dev.loopcore.LoopPool;
import dev.loopcore.LoopStats;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 15 point 4: what a dashboard reads, from any thread, without stopping the loops. */
class IntrospectionTest extends ObservabilitySupport {

    @Test
    void aPoolListsItsLiveLoopsAndForgetsTerminatedOnes() throws Exception {
        LoopPool pool = track(LoopPool.builder("intro-pool").threads(1).build());
        MessageLoop a = pool.newLoop("intro-a");
        MessageLoop b = pool.newLoop("intro-b");
        assertEquals(Set.of("intro-a", "intro-b"), names(pool.loops()));
        a.close();
        assertTrue(a.awaitTermination(BOUND));
        assertEquals(Set.of("intro-b"), names(pool.loops()));
        assertThrows(UnsupportedOperationException.class, () -> pool.loops().add(b));
    }

    @Test
    void aWatchedLoopsStatsShowTheLongestTaskSeenAndTheStall() {
        Duration threshold = Duration.ofMillis(100);
        MessageLoop loop = track(MessageLoop.builder("intro-longest").daemon(true).stallThreshold(threshold).start());
        CountDownLatch reported = firstReport("intro-longest", "stalled");
        CountDownLatch done = new CountDownLatch(1);
        long posted = System.nanoTime();
        loop.post(new SleepingTask(threshold.multipliedBy(6), done));
        await(reported, "the stall report");
        await(done, "the sleeping task");
        LoopStats s = loop.stats();
        assertEquals(1, s.stalls());
        assertTrue(s.longestTaskNanos() >= threshold.toNanos(), s.toString());
        assertTrue(s.longestTaskNanos() <= System.nanoTime() - posted, "a lower bound: " + s);
    }

    @Test
    void anUnwatchedLoopsObservabilityCountersAreZero() {
        MessageLoop loop = track(MessageLoop.builder("intro-unwatched").daemon(true).start());
        loop.call(() -> 0).await(BOUND);
        LoopStats s = loop.stats();
        assertEquals(0, s.stalls());
        assertEquals(0, s.congestions());
        assertEquals(0, s.deadlocks());
        assertEquals(0, s.longestTaskNanos());
    }

    private static Set<String> names(List<MessageLoop> loops) {
        return loops.stream().map(MessageLoop::name).collect(Collectors.toSet());
    }
}
