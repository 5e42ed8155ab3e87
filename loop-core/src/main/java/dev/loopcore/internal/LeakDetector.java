package dev.loopcore.internal;

import dev.loopcore.RefCounted;
import dev.loopcore.internal.jfr.LeakEvent;

import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * Reports {@link RefCounted} objects that became unreachable without being released (contract 12),
 * with where they were created and last handed off, through {@link System.Logger} and the JFR event
 * {@code dev.loopcore.Leak}. Active only with checks on ({@link Checks}), and
 * sampled at random: one object in {@code dev.loopcore.leakSampling} on average (default 64; 1 tracks
 * every object) gets a
 * {@link Tracker}, so leaving it on in tests costs little.
 *
 * <p>Threading: trackers are created on the allocating thread, updated by whichever thread hands the
 * object off or releases it (volatile fields), and read by the cleaner's thread after the object died.
 * The cleaning action is the tracker itself and never references the object.
 */
public final class LeakDetector {
    private static final System.Logger LOG = System.getLogger("dev.loopcore");
    private static final int SAMPLING = Math.max(1, Integer.getInteger("dev.loopcore.leakSampling", 64));
    private static final Cleaner CLEANER = Checks.ENABLED ? Cleaner.create(r -> {
        Thread t = new Thread(r, "loopcore-leak-detector");
        t.setDaemon(true);
        return t;
    }) : null;
    private static volatile Consumer<String> listener;
    private static volatile java.util.function.Function<Object, Tracker> trackerAccess;

    private LeakDetector() {
    }

    /** Tests observe reports here (null: none); reports always go to the logger too. */
    public static void setListener(Consumer<String> l) {
        listener = l;
    }

    /** Set once by AbstractRefCounted's initializer. */
    public static void setTrackerAccess(java.util.function.Function<Object, Tracker> access) {
        trackerAccess = access;
    }

    /** With checks on: message arguments handed off to {@code loop}; records where, for tracked ones. */
    static void handedOff(Object a, Object b, Object c, Object d, String loop) {
        java.util.function.Function<Object, Tracker> access = trackerAccess;
        if (access == null) return;
        record(access.apply(a), loop);
        record(access.apply(b), loop);
        record(access.apply(c), loop);
        record(access.apply(d), loop);
    }

    private static void record(Tracker t, String loop) {
        if (t != null) t.handedOff(loop);
    }

    /** Called by a new RefCounted with checks on: a tracker if this one is sampled, else null. */
    public static Tracker track(Object referent) {
        // Random, not every N-th: a counter aliases with periodic allocation patterns (one kept, one leaked...).
        if (CLEANER == null || (SAMPLING > 1 && java.util.concurrent.ThreadLocalRandom.current().nextInt(SAMPLING) != 0)) {
            return null;
        }
        Tracker t = new Tracker(referent.getClass().getName()); // deliberate: checks on, sampled
        CLEANER.register(referent, t);
        return t;
    }

    /** The state of one tracked object; also the cleaning action. */
    public static final class Tracker implements Runnable {
        private final String type;
        private final Throwable created = new Throwable("created here");
        private volatile Throwable lastHandoff;
        /** The loop of {@link #lastHandoff}, for the JFR event. */
        private volatile String lastLoop;
        private volatile boolean released;

        Tracker(String type) {
            this.type = type;
        }

        /** The object went with a message to {@code loop}. */
        public void handedOff(String loop) {
            lastHandoff = new Throwable("last handed off here, to loop '" + loop + "'");
            lastLoop = loop;
        }

        /** Its count reached zero: not a leak. */
        public void released() {
            released = true;
        }

        /** Revived by a pool: tracked again from here. */
        public void revived() {
            released = false;
        }

        @Override
        public void run() {
            if (released) return;
            StringBuilder sb = new StringBuilder("LEAK: a ").append(type)
                    .append(" became unreachable without being released.\n");
            append(sb, created);
            Throwable h = lastHandoff;
            if (h != null) append(sb, h);
            String report = sb.toString();
            LOG.log(System.Logger.Level.WARNING, report);
            LeakEvent ev = new LeakEvent();
            if (ev.shouldCommit()) {
                String loop = lastLoop;
                ev.loop = loop == null ? "" : loop;
                ev.type = type;
                ev.report = report;
                ev.commit();
            }
            Consumer<String> l = listener;
            if (l != null) l.accept(report);
        }

        private static void append(StringBuilder sb, Throwable where) {
            sb.append(where.getMessage()).append(":\n");
            for (StackTraceElement e : where.getStackTrace()) sb.append("\tat ").append(e).append('\n');
        }
    }
}
