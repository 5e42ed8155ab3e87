package dev.loopcore.observability;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 17, congestion: a mailbox whose oldest message waits longer than the threshold is reported. */
class CongestionReportTest extends ObservabilitySupport {
    private static final Duration THRESHOLD = Duration.ofMillis(100);
    /** 1,000 tasks of 1 ms: a backlog of about a second, ten thresholds. */
    private static final int FLOOD = 1_000;
    private static final long TASK_NANOS = 1_000_000L;

    @Test
    void aFloodedLoopReportsCongestionNamingTheLoopAndNoStall() {
        MessageLoop loop = track(MessageLoop.builder("congested").daemon(true)
                .stallThreshold(Duration.ofSeconds(5)).congestionThreshold(THRESHOLD).start());
        CountDownLatch reported = firstReport("congested", "congested");
        CountDownLatch done = flood(loop);
        await(reported, "a congestion report");
        await(done, "the flood");
        String r = reportsOf("congested", "congested").get(0);
        assertTrue(r.contains("oldest pending message has waited at least"), r);
        assertEquals(List.of(), reportsOf("congested", "stalled"), "short tasks: no stall");
        assertTrue(loop.stats().congestions() >= 1);
    }

    @Test
    void aLoopThatKeepsUpIsNotCongested() {
        MessageLoop loop = track(MessageLoop.builder("keeps-up").daemon(true)
                .congestionThreshold(Duration.ofMillis(200)).start());
        int n = 10_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) { // posted more slowly than they run, over about 400 ms: sampled
            assertTrue(loop.post(done::countDown));
            work(40_000);
        }
        await(done, "10,000 tiny tasks");
        assertEquals(List.of(), reportsOf("keeps-up", "congested"));
    }

    @Test
    void pooledLoopsReportCongestionWithThePoolBuildersThreshold() {
        LoopPool pool = track(LoopPool.builder("congested-pool").threads(1).congestionThreshold(THRESHOLD).build());
        MessageLoop loop = pool.newLoop("congested-pooled");
        CountDownLatch reported = firstReport("congested-pooled", "congested");
        CountDownLatch done = flood(loop);
        await(reported, "a congestion report of the pooled loop");
        await(done, "the flood");
    }

    private static CountDownLatch flood(MessageLoop loop) {
        CountDownLatch done = new CountDownLatch(FLOOD);
        for (int i = 0; i < FLOOD; i++) {
            assertTrue(loop.post(() -> {
                work(TASK_NANOS);
                done.countDown();
            }));
        }
        return done;
    }
}
