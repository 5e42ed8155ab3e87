package dev.loopcore.pool;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Light loops (issue 5): a million idle pooled loops fit in a 256 MiB heap, and each runs a task
 * posted to it. Runs in its own surefire execution with {@code -Xmx256m} (see loop-core/pom.xml).
 */
class MillionLoopsTest {
    private static final int LOOPS = 1_000_000;

    @Test
    void aMillionPooledLoopsFitIn256MiBAndEachRunsItsTask() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 300L << 20, "run with -Xmx256m, heap is " + (maxHeap >> 20) + " MiB");
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            try (LoopPool pool = LoopPool.create("million", 2)) {
                MessageLoop[] loops = new MessageLoop[LOOPS];
                long before = usedAfterGc();
                long t0 = System.nanoTime();
                for (int i = 0; i < LOOPS; i++) {
                    loops[i] = pool.newLoop("l");
                }
                long createNanos = System.nanoTime() - t0;
                long bytesPerLoop = (usedAfterGc() - before) / LOOPS - 4; // minus the array slot
                System.out.printf("MillionLoops: %d bytes per idle pooled loop, created at %.1f M loops/s (%d ms)%n",
                        bytesPerLoop, LOOPS / (createNanos / 1e9) / 1e6, createNanos / 1_000_000);
                assertTrue(bytesPerLoop <= 256, "an idle pooled loop costs " + bytesPerLoop + " bytes");

                CountDownLatch ran = new CountDownLatch(LOOPS);
                for (MessageLoop l : loops) {
                    assertTrue(l.post(ran::countDown));
                }
                assertTrue(ran.await(2, TimeUnit.MINUTES), "tasks left: " + ran.getCount());
                pool.close();
                assertTrue(pool.awaitTermination(Duration.ofMinutes(1)));
            }
        });
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
