package dev.loopcore.jdk;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual threads as callers (issue 17.1): 100,000 of them each {@code call(...).await()} a loop of a
 * pool, and each awaits a loop's termination. Asserted: every reply is right; JFR records no
 * {@code jdk.VirtualThreadPinned} event (threshold 0: any blocking while pinned); the heap is back to its
 * baseline afterwards, so nothing per virtual thread is retained (no per-thread message cache, context or
 * waiter node outlives its thread). Runs in a JVM of its own (loop-core/pom.xml) so the heap reading is
 * not other tests' garbage; needs JDK 21+ (CI runs it on 25), skipped on 17. The JDK 21 API is reached
 * by reflection because the tests compile to Java 17.
 */
class VirtualThreadCallersTest {
    private static final int CALLERS = 100_000;

    private static ExecutorService virtualThreads() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    private static ThreadFactory virtualThreadFactory() throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // the lowest of a few full collections: finalisation-free, stable
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void aHundredThousandVirtualThreadsCallAndAwaitAPoolWithoutPinningOrRetainingMemory() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        LoopPool pool = LoopPool.create("vt-pool", 2);
        List<MessageLoop> loops = new ArrayList<>();
        AtomicLong[] sums = new AtomicLong[8];
        for (int i = 0; i < sums.length; i++) {
            loops.add(pool.newLoop("vt-" + i));
            sums[i] = new AtomicLong();
        }
        Path jfr = Files.createTempFile("vt-pinning", ".jfr");
        try (Recording rec = new Recording()) {
            rec.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            // Warm up first: the JIT, the message pool, and class loading, which pins a virtual thread
            // inside the JDK's class loader (JDK 25 too) the first time a class is used.
            runCallers(loops, sums, 10_000);
            rec.start();
            long baseline = usedHeapAfterGc();
            AtomicInteger wrong = runCallers(loops, sums, CALLERS);
            long after = usedHeapAfterGc();

            rec.stop();
            rec.dump(jfr);
            assertEquals(0, wrong.get(), "replies that were not the caller's own value");
            long grownKiB = (after - baseline) / 1024;
            // A per-virtual-thread retention of even 100 bytes would be ~10 MB here.
            assertTrue(grownKiB < 4 * 1024, "heap grew by " + grownKiB + " KiB over 100,000 virtual callers");
        } finally {
            pool.close();
            assertTrue(pool.awaitTermination(Duration.ofSeconds(30)));
        }
        List<RecordedEvent> pinned = RecordingFile.readAllEvents(jfr);
        Files.deleteIfExists(jfr);
        assertEquals(List.of(), pinned.stream().filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                .map(e -> e.getStackTrace() == null ? e.toString() : e.getStackTrace().getFrames().toString()).toList(),
                "virtual threads pinned their carrier");
    }

    private static AtomicInteger runCallers(List<MessageLoop> loops, AtomicLong[] sums, int n) throws Exception {
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService vts = virtualThreads();
        {
            for (int i = 0; i < n; i++) {
                final int id = i;
                MessageLoop loop = loops.get(i % loops.size());
                AtomicLong sum = sums[i % sums.length];
                vts.execute(() -> {
                    int got = loop.call(() -> {
                        sum.addAndGet(id); // the loop's own work
                        return id;
                    }).await();
                    if (got != id) wrong.incrementAndGet();
                });
            }
            vts.shutdown();
            assertTrue(vts.awaitTermination(60, TimeUnit.SECONDS), "virtual callers did not finish");
        }
        return wrong;
    }

    @Test
    void virtualThreadsWaitingForTerminationAreWokenWhenTheLoopEnds() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        MessageLoop loop = MessageLoop.start("vt-terminating");
        int waiters = 1_000;
        AtomicInteger woken = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        ExecutorService vts = virtualThreads();
        {
            for (int i = 0; i < waiters; i++) {
                vts.execute(() -> {
                    started.incrementAndGet();
                    try {
                        if (loop.awaitTermination(Duration.ofSeconds(60))) woken.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (started.get() < waiters && System.nanoTime() < deadline) Thread.onSpinWait();
            loop.close();
            vts.shutdown();
            assertTrue(vts.awaitTermination(60, TimeUnit.SECONDS), "termination waiters were not woken");
        }
        assertEquals(waiters, woken.get());
    }

    @Test
    void aLoopMayRunOnAVirtualThreadFromItsThreadFactory() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        MessageLoop loop = MessageLoop.builder("on-a-virtual-thread").threadFactory(virtualThreadFactory()).start();
        try {
            AtomicLong ran = new AtomicLong();
            for (int i = 0; i < 10_000; i++) loop.post(ran::incrementAndGet);
            boolean virtual = loop.call(() -> {
                try {
                    return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }).await(Duration.ofSeconds(30));
            assertTrue(virtual, "the loop's thread is the factory's virtual thread");
            assertEquals(10_000, ran.get(), "posts ahead of the call ran first");
        } finally {
            loop.close();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(30)));
        }
    }
}
