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
    /** An entry: the queue links overflowed entries through their own field. */
    static final class Node implements RunQueue.Linked<Node> {
        final int id;
        Node next;

        Node(int id) {
            this.id = id;
        }

        @Override
        public Node runNext() {
            return next;
        }

        @Override
        public void runNext(Node n) {
            next = n;
        }
    }

    private static Node[] nodes(int n) {
        Node[] a = new Node[n];
        for (int i = 0; i < n; i++) a[i] = new Node(i);
        return a;
    }

    private static Integer id(Node n) {
        return n == null ? null : n.id;
    }

    @Test
    void beyondItsRingItKeepsOrderAndLosesNothing() {
        RunQueue<Node> q = new RunQueue<>(4);
        Node[] n = nodes(100);
        for (int i = 0; i < 100; i++) q.offer(n[i]);
        assertFalse(q.isEmpty());
        for (int i = 0; i < 100; i++) assertEquals(i, id(q.poll()));
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void whileAnythingOverflowedNewEntriesQueueBehindIt() {
        RunQueue<Node> q = new RunQueue<>(4);
        Node[] n = nodes(9);
        for (int i = 0; i < 6; i++) q.offer(n[i]); // 0-3 in the ring, 4-5 overflowed
        assertEquals(0, id(q.poll()));
        assertEquals(1, id(q.poll()));
        q.offer(n[6]); // the ring has room, but 4 and 5 wait: 6 goes behind them
        q.offer(n[7]);
        List<Integer> rest = new ArrayList<>();
        for (Node x; (x = q.poll()) != null; ) rest.add(x.id);
        assertEquals(List.of(2, 3, 4, 5, 6, 7), rest);
        q.offer(n[8]); // drained: back to the ring
        assertEquals(8, id(q.poll()));
        q.offer(n[4]); // an entry taken from the overflow can be queued again
        assertEquals(4, id(q.poll()));
    }

    @Test
    void anEntryOfferedAgainWhileStillInTheOverflowKeepsTheListIntact() {
        // Entries are hints: an await may run its target directly and queue it again while its earlier
        // entry still waits in the overflow (review finding: the list lost the entries after it).
        RunQueue<Node> q = new RunQueue<>(2);
        Node[] n = nodes(6);
        q.offer(n[0]);
        q.offer(n[1]); // the ring is full
        q.offer(n[2]); // X
        q.offer(n[3]); // N
        q.offer(n[4]); // T: overflow is X -> N -> T
        q.offer(n[2]); // X again, while still in the overflow
        q.offer(n[5]); // W
        List<Integer> polled = new ArrayList<>();
        for (Node x; (x = q.poll()) != null; ) polled.add(x.id);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), polled);
        assertTrue(q.isEmpty(), "the overflow count went back to 0");
    }

    @Test
    void producersAndConsumersRacingOverATinyRingTakeEveryEntryOnce() throws Exception {
        RunQueue<Node> q = new RunQueue<>(2);
        int producers = 2, perProducer = 200_000, total = producers * perProducer;
        Node[] all = nodes(total);
        BitSet seen = new BitSet(total);
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(producers + 2);
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            new Thread(() -> {
                for (int i = 0; i < perProducer; i++) q.offer(all[base + i]);
                done.countDown();
            }).start();
        }
        for (int c = 0; c < 2; c++) {
            new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (taken.get() < total && System.nanoTime() < deadline) {
                    Node node = q.poll();
                    if (node == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int x = node.id;
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
