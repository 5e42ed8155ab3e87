package dev.loopcore.jmh.peers;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

/** LMAX Disruptor: a multi-producer ring of 64K slots with one handler, BusySpin or Blocking waits. */
public final class DisruptorPeer implements Peer {
    static final class Slot {
        Runnable task;
    }

    private static final EventTranslatorOneArg<Slot, Runnable> PUT = (slot, seq, task) -> slot.task = task;

    private final Disruptor<Slot> disruptor;
    private final RingBuffer<Slot> ring;
    private final String name;

    DisruptorPeer(boolean blocking) {
        name = blocking ? "peer-disruptor-blocking" : "peer-disruptor-busyspin";
        disruptor = new Disruptor<>(Slot::new, 65536, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }, ProducerType.MULTI, blocking ? new BlockingWaitStrategy() : new BusySpinWaitStrategy());
        disruptor.handleEventsWith((slot, seq, endOfBatch) -> slot.task.run());
        ring = disruptor.start();
    }

    @Override
    public void post(Runnable task) {
        ring.publishEvent(PUT, task);
    }

    @Override
    public String threadNamePrefix() {
        return name;
    }

    @Override
    public void close() {
        disruptor.halt();
    }
}
