package dev.loopcore.observability;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.internal.Watchdog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loops and pools closed after each test, the watchdog's reports collected, bounded waits. */
abstract class ObservabilitySupport {
    static final Duration BOUND = Duration.ofSeconds(20);
    /** Every report the watchdog logged during the test (each test uses loop names of its own). */
    final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<MessageLoop> loops = new ArrayList<>();
    private final List<LoopPool> pools = new ArrayList<>();
    private final List<Runnable> onReport = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        Watchdog.setListener(r -> {
            reports.add(r);
            for (Runnable x : onReport) x.run();
        });
    }

    @AfterEach
    void closeAll() throws InterruptedException {
        Watchdog.setListener(null);
        for (MessageLoop l : loops) l.close();
        for (LoopPool p : pools) p.close();
        for (MessageLoop l : loops) assertTrue(l.awaitTermination(BOUND), l + " did not terminate");
        for (LoopPool p : pools) assertTrue(p.awaitTermination(BOUND), p.name() + " did not terminate");
    }

    <L extends MessageLoop> L track(L l) {
        loops.add(l);
        return l;
    }

    LoopPool track(LoopPool p) {
        pools.add(p);
        return p;
    }

    /** Reports that name {@code loop} (every report names its loop as {@code loop 'name'}). */
    List<String> reportsOf(String loop, String kind) {
        List<String> out = new ArrayList<>();
        for (String r : reports) {
            if (r.startsWith("loop '" + loop + "' " + kind)) out.add(r);
        }
        return out;
    }

    /** A latch opened by the first report of {@code kind} naming {@code loop}. */
    CountDownLatch firstReport(String loop, String kind) {
        CountDownLatch l = new CountDownLatch(1);
        onReport.add(() -> {
            if (!reportsOf(loop, kind).isEmpty()) l.countDown();
        });
        if (!reportsOf(loop, kind).isEmpty()) l.countDown();
        return l;
    }

    static void await(CountDownLatch latch, String what) {
        try {
            assertTrue(latch.await(BOUND.toSeconds(), TimeUnit.SECONDS), "timed out waiting for " + what);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Busy for {@code nanos} without sleeping or yielding (a short task's workload). */
    static void work(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) Thread.onSpinWait();
    }

    /** The workload of a stalling task: it sleeps (sleeping is what it does, not synchronisation). */
    static final class SleepingTask implements Runnable {
        private final Duration sleep;
        private final CountDownLatch done;

        SleepingTask(Duration sleep, CountDownLatch done) {
            this.sleep = sleep;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(sleep.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        }
    }
}
