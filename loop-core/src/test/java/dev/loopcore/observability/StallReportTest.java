package dev.loopcore.observability;

import dev.loopcore.DrivenLoop;
import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 17, stalls: a task longer than the threshold is reported once, with its loop, type and stack. */
class StallReportTest extends ObservabilitySupport {
    private static final Duration THRESHOLD = Duration.ofMillis(100);

    @Test
    void aTaskThatSleepsPastTheThresholdIsReportedOnceWithItsLoopTypeAndSleepingFrame() {
        MessageLoop loop = track(MessageLoop.builder("stall-once").daemon(true).stallThreshold(THRESHOLD).start());
        CountDownLatch reported = firstReport("stall-once", "stalled");
        CountDownLatch done = new CountDownLatch(1);
        assertTrue(loop.post(new SleepingTask(THRESHOLD.multipliedBy(8), done)));
        await(reported, "a stall report");
        await(done, "the sleeping task");

        List<String> stalls = reportsOf("stall-once", "stalled");
        assertEquals(1, stalls.size(), "reported once per task: " + stalls);
        String r = stalls.get(0);
        assertTrue(r.contains(SleepingTask.class.getName()), "names the task type: " + r);
        assertTrue(r.contains("java.lang.Thread.sleep"), "the stack shows the sleeping frame: " + r);
        assertTrue(r.contains("SleepingTask.run"), "the stack shows the task: " + r);
        assertTrue(r.contains("thread 'stall-once'"), "names the loop's thread: " + r);
        assertEquals(1, loop.stats().stalls(), "counted in the loop's stats");
    }

    @Test
    void tenThousandShortTasksProduceNoStallReport() {
        // Threshold 200 ms, tasks of 20 us: about 200 ms of work, so the watchdog samples it busy.
        MessageLoop loop = track(MessageLoop.builder("stall-short").daemon(true)
                .stallThreshold(Duration.ofMillis(200)).start());
        int n = 10_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            assertTrue(loop.post(() -> {
                work(20_000);
                done.countDown();
            }));
        }
        await(done, "10,000 short tasks");
        assertEquals(List.of(), reportsOf("stall-short", "stalled"));
        assertEquals(0, loop.stats().stalls());
    }

    @Test
    void eachStalledTaskIsReportedOnItsOwn() {
        MessageLoop loop = track(MessageLoop.builder("stall-twice").daemon(true).stallThreshold(THRESHOLD).start());
        CountDownLatch done = new CountDownLatch(2);
        loop.post(new SleepingTask(THRESHOLD.multipliedBy(5), done));
        loop.post(new SleepingTask(THRESHOLD.multipliedBy(5), done));
        await(done, "two sleeping tasks");
        // The second report may still be on its way when the task ends: wait for it, bounded.
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (reportsOf("stall-twice", "stalled").size() < 2 && System.nanoTime() < deadline) {
            loop.call(() -> 0).await(BOUND);
            Thread.onSpinWait();
        }
        assertEquals(2, reportsOf("stall-twice", "stalled").size(), reports.toString());
    }

    @Test
    void pooledLoopsAreWatchedWithThePoolBuildersStallThreshold() {
        LoopPool pool = track(LoopPool.builder("stall-pool").threads(1).stallThreshold(THRESHOLD).build());
        MessageLoop loop = pool.newLoop("stall-pooled");
        CountDownLatch reported = firstReport("stall-pooled", "stalled");
        CountDownLatch done = new CountDownLatch(1);
        loop.post(new SleepingTask(THRESHOLD.multipliedBy(8), done));
        await(reported, "a stall report of the pooled loop");
        await(done, "the sleeping task");
        String r = reportsOf("stall-pooled", "stalled").get(0);
        assertTrue(r.contains("java.lang.Thread.sleep"), r);
        assertTrue(r.contains(SleepingTask.class.getName()), r);
    }

    @Test
    void aDrivenLoopIsNotStalledBetweenItsRunPendingCalls() throws Exception {
        DrivenLoop loop = track(MessageLoop.builder("stall-driven").stallThreshold(THRESHOLD).driven());
        CountDownLatch done = new CountDownLatch(1);
        loop.post(new SleepingTask(THRESHOLD.multipliedBy(8), done));
        CountDownLatch reported = firstReport("stall-driven", "stalled");
        assertEquals(1, loop.runPending());
        await(reported, "a stall report of the driven loop");
        // Now idle between runPending calls for well over the threshold: a wait the test bounds by a
        // later stall report of another loop, which proves the watchdog swept meanwhile.
        MessageLoop probe = track(MessageLoop.builder("stall-probe").daemon(true).stallThreshold(THRESHOLD).start());
        CountDownLatch probeReported = firstReport("stall-probe", "stalled");
        probe.post(new SleepingTask(THRESHOLD.multipliedBy(4), new CountDownLatch(1)));
        await(probeReported, "the probe's stall report");
        assertEquals(1, reportsOf("stall-driven", "stalled").size(), reports.toString());
        loop.close();
        loop.runPending();
    }

    @Test
    void anUnwatchedLoopIsNeverReported() {
        MessageLoop loop = track(MessageLoop.builder("stall-unwatched").daemon(true).start());
        MessageLoop probe = track(MessageLoop.builder("stall-probe2").daemon(true).stallThreshold(THRESHOLD).start());
        CountDownLatch probeReported = firstReport("stall-probe2", "stalled");
        CountDownLatch done = new CountDownLatch(2);
        loop.post(new SleepingTask(THRESHOLD.multipliedBy(6), done));
        probe.post(new SleepingTask(THRESHOLD.multipliedBy(6), done));
        await(probeReported, "the probe's stall report");
        await(done, "both tasks");
        assertEquals(List.of(), reportsOf("stall-unwatched", "stalled"));
    }

    @Test
    void aTaskAwaitingAReplyPastTheThresholdIsReportedAsAStallOfItsLoop() {
        MessageLoop waiting = track(MessageLoop.builder("stall-awaiting").daemon(true).stallThreshold(THRESHOLD).start());
        MessageLoop slow = track(MessageLoop.builder("stall-slow").daemon(true).start());
        CountDownLatch reported = firstReport("stall-awaiting", "stalled");
        CountDownLatch done = new CountDownLatch(1);
        waiting.post(() -> slow.call(() -> {
            new SleepingTask(THRESHOLD.multipliedBy(8), done).run();
            return 0;
        }).await(BOUND));
        await(reported, "a stall report of the awaiting loop");
        await(done, "the slow call");
        String r = reportsOf("stall-awaiting", "stalled").get(0);
        assertTrue(r.contains("dev.loopcore.internal.NestedAwait.await"), "the stack shows the await: " + r);
    }

    @Test
    void thresholdsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> MessageLoop.builder("x").stallThreshold(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> MessageLoop.builder("x").congestionThreshold(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> LoopPool.builder("x").stallThreshold(null));
    }
}
