package dev.loopcore.internal;

import java.util.Arrays;

/**
 * A binary min-heap of {@link ScheduledTask}s by deadline, each knowing its index, so insertion,
 * removal of any entry and removal of the earliest are O(log n).
 *
 * <p>Threading: confined to the thread running the loop.
 */
final class TimerHeap {
    private ScheduledTask[] heap = new ScheduledTask[16]; // deliberate: first timer of a loop
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The earliest deadline; only when not empty. */
    long nextDeadline() {
        return heap[0].deadline;
    }

    ScheduledTask peek() {
        return size == 0 ? null : heap[0];
    }

    void add(ScheduledTask t) {
        if (t.isCancelled() || t.heapIndex >= 0) return;
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2); // deliberate: growth
        heap[size] = t;
        t.heapIndex = size;
        siftUp(size++);
    }

    void remove(ScheduledTask t) {
        int i = t.heapIndex;
        if (i < 0 || i >= size || heap[i] != t) return;
        t.heapIndex = -1;
        ScheduledTask last = heap[--size];
        heap[size] = null;
        if (i == size) return;
        heap[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    ScheduledTask poll() {
        ScheduledTask t = heap[0];
        remove(t);
        return t;
    }

    /** Cancels and drops every entry (the loop is closing). */
    void cancelAll() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i].cancelByLoop();
            heap[i] = null;
        }
        size = 0;
    }

    private void siftUp(int i) {
        ScheduledTask t = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            ScheduledTask parent = heap[p];
            if (parent.deadline - t.deadline <= 0) break;
            heap[i] = parent;
            parent.heapIndex = i;
            i = p;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        ScheduledTask t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && heap[r].deadline - heap[c].deadline < 0) c = r;
            if (t.deadline - heap[c].deadline <= 0) break;
            heap[i] = heap[c];
            heap[i].heapIndex = i;
            i = c;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
