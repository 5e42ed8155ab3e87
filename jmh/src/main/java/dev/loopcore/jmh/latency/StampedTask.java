package dev.loopcore.jmh.latency;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padding before {@link StampedTaskFields}: a ring's consecutive tasks are written by both threads at once. */
abstract class StampedTaskLeftPad {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
}

/** The fields of a {@link StampedTask}; their threading is on that class. */
abstract class StampedTaskFields extends StampedTaskLeftPad {
    long intended;
    boolean queued;
}

/**
 * One message of an open-loop run, an entry of {@link OpenLoopSender}'s preallocated ring: it carries
 * the time it was meant to be sent and, when the consumer starts it, records
 * {@code System.nanoTime() - intended} into the consumer's {@link LatencyHistogram}.
 *
 * <p>Threading, in the order of one use:
 * <ol>
 *   <li>the producer takes it only when {@code queued} is false (acquire load: the consumer's record
 *       and its last read of {@code intended} happened before), then writes {@code intended} and sets
 *       {@code queued} with plain stores;</li>
 *   <li>{@code Peer.post} publishes both to the consumer (every peer's queue hands a task over with a
 *       release and an acquire);</li>
 *   <li>the consumer reads {@code intended}, records the latency, then clears {@code queued} with a
 *       release store: after that store the task is the producer's again.</li>
 * </ol>
 * Padded on both sides (byte-field class chain) so that the producer stamping task {@code i + 1} and the
 * consumer clearing task {@code i} do not share a cache line: that would add a coherence miss to the
 * latency being measured.
 */
public final class StampedTask extends StampedTaskFields implements Runnable {
    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(StampedTaskFields.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    byte q000, q001, q002, q003, q004, q005, q006, q007, q008, q009, q010, q011, q012, q013, q014, q015;
    byte q016, q017, q018, q019, q020, q021, q022, q023, q024, q025, q026, q027, q028, q029, q030, q031;
    byte q032, q033, q034, q035, q036, q037, q038, q039, q040, q041, q042, q043, q044, q045, q046, q047;
    byte q048, q049, q050, q051, q052, q053, q054, q055, q056, q057, q058, q059, q060, q061, q062, q063;

    private final LatencyHistogram consumerLatency;

    StampedTask(LatencyHistogram consumerLatency) {
        this.consumerLatency = consumerLatency;
    }

    /** Producer: makes this the message meant for {@code intendedNanos}; only when {@link #isQueued} is false. */
    void stamp(long intendedNanos) {
        intended = intendedNanos;
        QUEUED.set(this, true); // plain: Peer.post publishes it with intended
    }

    /** Producer: whether the consumer still holds this task (acquire: pairs with the release in run). */
    boolean isQueued() {
        return (boolean) QUEUED.getAcquire(this);
    }

    /** Consumer: records the latency from the intended send time to now, then hands the task back. */
    @Override
    public void run() {
        consumerLatency.record(System.nanoTime() - intended);
        QUEUED.setRelease(this, false); // the record above is visible to whoever sees the task free
    }
}
