package dev.loopcore.composition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a program did, one event per step, each with a global sequence number from one
 * {@link AtomicLong}: if event X's number is below Y's, X was recorded before Y began to be recorded.
 * A RUN event is recorded first thing in its task; a CLOSE event after {@code close()} returned (with
 * the number taken just before the call in {@link Event#begin}); a TERMINATED event after
 * {@code awaitTermination} returned true.
 *
 * <p>Threading: any thread may record.
 */
final class EventLog {

    enum Type {
        /** A post returned; {@code flag}: accepted; {@code begin}: taken before the call. */
        POST,
        /** A call returned its reply; {@code begin}: taken before the call; {@code extra}: the caller's loop (-1: driver). */
        CALL,
        /** The body of a post or call starts. */
        RUN,
        /** postDelayed/postRepeating returned; {@code time}: the loop clock read before the call; {@code extra}: delay nanos;
         *  {@code flag}: repeating, then {@code detail} is the period in nanos. */
        TIMER_SCHEDULED,
        /** A delayed task starts; {@code time}: the loop clock. */
        TIMER_RUN,
        /** Run {@code extra} of a repeating task starts; {@code time}: the loop clock. */
        TICK,
        /** Run {@code extra} of a repeating task ends; {@code time}: the loop clock. */
        TICK_END,
        /** cancel() returned {@code flag}. */
        CANCEL,
        /** A {@code then} callback of call {@code id} runs; {@code detail}: the outcome. */
        CALLBACK,
        /** A task or the driver begins to await call {@code id}. */
        AWAIT_BEGIN,
        /** The await of call {@code id} returned or threw; {@code detail}: the outcome. */
        AWAIT_END,
        /** close() of {@code loop} returned; {@code producer}: the loop whose task closed it (-1: the driver). */
        CLOSE,
        /** awaitTermination of {@code loop} returned true. */
        TERMINATED,
        /** The program had quiesced (or the bounded wait for it ended). */
        QUIESCENT,
        /** A check made while running failed; {@code extra}: the contract; {@code detail}: what. */
        VIOLATION
    }

    /** One step; {@code loop} -1 means the driver thread or no loop. */
    static final class Event {
        final long seq;
        final Type type;
        final int id;
        final int loop;
        final long producer;
        final long begin;
        final boolean flag;
        final long time;
        final long extra;
        final String detail;
        final String thread = Thread.currentThread().getName();

        Event(long seq, Type type, int id, int loop, long producer, long begin, boolean flag, long time, long extra, String detail) {
            this.seq = seq;
            this.type = type;
            this.id = id;
            this.loop = loop;
            this.producer = producer;
            this.begin = begin;
            this.flag = flag;
            this.time = time;
            this.extra = extra;
            this.detail = detail;
        }

        @Override
        public String toString() {
            return "@" + seq + " " + type + " #" + id + " L" + loop + " producer=" + producer + " begin=@" + begin
                    + " flag=" + flag + " t=" + time + " extra=" + extra + (detail == null ? "" : " " + detail)
                    + " [" + thread + "]";
        }
    }

    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    /** A fresh sequence number with no event: taken right before an operation begins. */
    long mark() {
        return seq.incrementAndGet();
    }

    Event add(Type type, int id, int loop, long producer, long begin, boolean flag, long time, long extra, String detail) {
        Event e = new Event(seq.incrementAndGet(), type, id, loop, producer, begin, flag, time, extra, detail);
        events.add(e);
        return e;
    }

    Event add(Type type, int id, int loop) {
        return add(type, id, loop, 0, 0, false, 0, 0, null);
    }

    void violation(int contract, String what) {
        add(Type.VIOLATION, 0, -1, 0, 0, false, 0, contract, what);
    }

    /** The events so far, in sequence order. */
    List<Event> snapshot() {
        List<Event> list = new ArrayList<>(events);
        list.sort(Comparator.comparingLong(e -> e.seq));
        return list;
    }
}
