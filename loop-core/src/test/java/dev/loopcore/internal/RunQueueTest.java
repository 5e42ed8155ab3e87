package dev.loopcore.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The pool's run queue (see {@link RunQueue}'s invariant): unbounded, nothing lost, no entry starved. */
class RunQueueTest {

    @Test
    void beyondItsRingItKeepsOrderAndLosesNothing() {
        RunQueue<Integer> q = new RunQueue<>(4);
        for (int i = 0; i < 100; i++) q.offer(i);
        assertFalse(q.isEmpty());
        for (int i = 0; i < 100; i++) assertEquals(i, q.poll());
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void whileAnythingOverflowedNewEntriesQueueBehindIt() {
        RunQueue<Integer> q = new RunQueue<>(4);
        for (int i = 0; i < 6; i++) q.offer(i); // 0-3 in the ring, 4-5 overflowed
        assertEquals(0, q.poll());
        assertEquals(1, q.poll());
        q.offer(6); // the ring has room, but 4 and 5 wait: 6 goes behind them
        q.offer(7);
        List<Integer> rest = new ArrayList<>();
        for (Integer x; (x = q.poll()) != null; ) rest.add(x);
        assertEquals(List.of(2, 3, 4, 5, 6, 7), rest);
        q.offer(8); // drained: back to the ring
        assertEquals(8, q.poll());
    }

    @Test
    void producersAndConsumersRacingOverATinyRingTakeEveryEntryOnce() throws Exception {
        RunQueue<Integer> q = new RunQueue<>(2);
        int producers = 2, perProducer = 200_000, total = producers * perProducer;
        BitSet seen = new BitSet(total);
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(producers + 2);
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            new Thread(() -> {
                for (int i = 0; i < perProducer; i++) q.offer(base + i);
                done.countDown();
            }).start();
        }
        for (int c = 0; c < 2; c++) {
            new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (taken.get() < total && System.nanoTime() < deadline) {
                    Integer x = q.poll();
                    if (x == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    synchronized (seen) {
                        if (seen.get(x)) duplicates.incrementAndGet();
                        seen.set(x);
                    }
                    taken.incrementAndGet();
                }
                done.countDown();
            }).start();
        }
        assertTrue(done.await(90, TimeUnit.SECONDS), "producers or consumers did not finish");
        assertEquals(0, duplicates.get());
        assertEquals(total, seen.cardinality());
        assertTrue(q.isEmpty());
    }
}
