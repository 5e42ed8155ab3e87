package dev.loopcore.jmh.peers;

import org.jctools.queues.MpscUnboundedXaddArrayQueue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The raw floor: a JCTools MPSC queue drained by one thread, either busy-spinning or parking when idle
 * with a wake-up flag (producers unpark only when the consumer announced that it parks).
 */
public final class JctoolsPeer implements Peer {
    private final MpscUnboundedXaddArrayQueue<Runnable> queue = new MpscUnboundedXaddArrayQueue<>(1024, 4);
    private final AtomicInteger parked = new AtomicInteger();
    private final boolean parks;
    private final Thread consumer;
    private volatile boolean running = true;

    JctoolsPeer(boolean parks) {
        this.parks = parks;
        consumer = new Thread(this::consume, parks ? "peer-jctools-park" : "peer-jctools-spin");
        consumer.setDaemon(true);
        consumer.start();
    }

    private void consume() {
        int idle = 0;
        while (running) {
            Runnable r = queue.relaxedPoll();
            if (r != null) {
                r.run();
                idle = 0;
                continue;
            }
            if (!parks || ++idle < 1_000) {
                Thread.onSpinWait();
                continue;
            }
            parked.set(1);
            if (queue.isEmpty() && running) LockSupport.park();
            parked.set(0);
            idle = 0;
        }
    }

    @Override
    public void post(Runnable task) {
        queue.offer(task);
        if (parks && parked.get() == 1 && parked.compareAndSet(1, 0)) LockSupport.unpark(consumer);
    }

    @Override
    public String threadNamePrefix() {
        return consumer.getName();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(consumer);
    }
}
