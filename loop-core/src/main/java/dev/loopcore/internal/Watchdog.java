package dev.loopcore.internal;

import dev.loopcore.internal.jfr.CongestionEvent;
import dev.loopcore.internal.jfr.StallEvent;
import dev.loopcore.internal.jfr.TaskEvent;
import jdk.jfr.EventType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one daemon thread, {@code loopcore-watchdog}, that samples every watched loop's {@link Watch}
 * (contract 17) and reports stalls and congestion through {@link System.Logger} ({@code dev.loopcore},
 * WARNING) and JFR ({@code dev.loopcore.Stall}, {@code dev.loopcore.Congestion}).
 *
 * <h2>Detailed guarantees</h2>
 * <ul>
 *   <li>It samples every {@code min(threshold) / 2} over the watched loops (at least every
 *       millisecond), so a task that runs longer than its loop's stall threshold T is reported once,
 *       between T and about 2T after it started (later only if this thread itself is not scheduled);
 *       a task shorter than T never is: the reported time is a lower bound the loop's counters prove.</li>
 *   <li>It exists only while some loop is watched: started by the first {@link #watch}, it ends after
 *       a sweep that finds none left. Simulated loops are never watched (they run on virtual time).</li>
 *   <li>It is not made by any loop's or pool's thread factory: one thread serves every watched loop.</li>
 * </ul>
 * <h2>Not guaranteed</h2>
 * A report of a task that ends while its stack is being taken may name or show the work after it
 * (the report says so when the counters moved).
 *
 * <p>Threading: {@link #watch} and {@link #unwatch} from any thread ({@code WATCHED} is a concurrent
 * set; {@code thread} and {@code periodNanos} are guarded by {@code LOCK}, a cold path: once per loop
 * and once per sweep, which is also how the thread hands itself off when the set empties);
 * everything else on the watchdog thread. {@code taskEvents} is written by the watchdog (opaque) and
 * read by watched loops per task (opaque): a recording that enables {@code dev.loopcore.Task} is
 * noticed within one period.
 */
public final class Watchdog {
    private static final System.Logger LOG = System.getLogger("dev.loopcore");
    private static final VarHandle TASK_EVENTS;

    static {
        try {
            TASK_EVENTS = MethodHandles.lookup().findStaticVarHandle(Watchdog.class, "taskEvents", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Object LOCK = new Object();
    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
    private static Thread thread; // guarded by LOCK
    private static long periodNanos = Long.MAX_VALUE; // guarded by LOCK
    private static boolean taskEvents;
    private static volatile Consumer<String> listener;

    private Watchdog() {
    }

    /** Tests observe reports here (null: none); reports always go to the logger too. */
    public static void setListener(Consumer<String> l) {
        listener = l;
    }

    /** Starts sampling {@code w}'s loop; starts the watchdog thread if it is not running. */
    static void watch(Watch w) {
        WATCHED.add(w); // deliberate: once per watched loop
        synchronized (LOCK) {
            long p = w.periodNanos();
            boolean sooner = p < periodNanos;
            if (sooner) periodNanos = p;
            if (thread == null) {
                thread = new Thread(Watchdog::sweepUntilNoneWatched, "loopcore-watchdog"); // deliberate: cold
                thread.setDaemon(true);
                thread.start();
            } else if (sooner) {
                LockSupport.unpark(thread); // the sleep in progress may be longer than the new period
            }
        }
    }

    /** Stops sampling {@code w}'s loop (it terminated). */
    static void unwatch(Watch w) {
        WATCHED.remove(w);
    }

    /** Per task on a watched loop: is {@code dev.loopcore.Task} enabled in some recording? */
    static boolean lpTaskEvents() {
        return (boolean) TASK_EVENTS.getOpaque();
    }

    private static void sweepUntilNoneWatched() {
        EventType taskType = EventType.getEventType(TaskEvent.class); // registers the event: lazily, here
        for (;;) {
            long period;
            synchronized (LOCK) {
                if (WATCHED.isEmpty()) { // a watch() after this sees thread == null and starts another
                    thread = null;
                    periodNanos = Long.MAX_VALUE;
                    return;
                }
                period = periodNanos;
            }
            TASK_EVENTS.setOpaque(taskType.isEnabled());
            for (Watch w : WATCHED) {
                try {
                    w.sample();
                } catch (Throwable t) { // never let one loop's report end the watchdog of all
                    LOG.log(System.Logger.Level.ERROR, "watchdog failed on loop '" + w.loop.name + "'", t);
                }
            }
            LockSupport.parkNanos(period);
            Thread.interrupted(); // nobody should interrupt it; if someone did, keep the period
        }
    }

    // ================= reports (cold: once per stall or congestion) =================

    static void reportStall(Watch w, long s, long e, long runningFor) {
        LoopCore loop = w.loop;
        Thread t = loop.lvThread();
        StackTraceElement[] stack = t == null ? new StackTraceElement[0] : t.getStackTrace();
        String task = whatRuns(stack);
        boolean moved = !w.stillAt(s, e);
        StringBuilder st = new StringBuilder();
        for (StackTraceElement el : stack) st.append("\tat ").append(el).append('\n');
        String threadName = t == null ? "?" : t.getName();
        String what = task == null ? "a task" : task;
        String report = "loop '" + loop.name + "' stalled: " + what + " has been running for at least "
                + millis(runningFor) + " (stall threshold " + millis(w.stallNanos) + ") on thread '" + threadName
                + "'" + (moved ? "; it ended while its stack was taken, which may show later work" : "")
                + "\n" + st;
        log(report);
        StallEvent ev = new StallEvent();
        if (ev.shouldCommit()) {
            ev.loop = loop.name;
            ev.task = what;
            ev.thread = threadName;
            ev.runningFor = runningFor;
            ev.threshold = w.stallNanos;
            ev.stack = st.toString();
            ev.commit();
        }
    }

    /**
     * The innermost task on a loop thread's stack: the first frame, outward from the innermost
     * {@code LoopRunner.runTask}, that is not loopcore's own machinery (a proxy's target method, a
     * posted task's {@code run}, a lambda's body); null if there is none (the loop is idle or waiting).
     */
    static String whatRuns(StackTraceElement[] stack) {
        int task = -1;
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement el = stack[i];
            if (el.getClassName().equals(LoopRunner.class.getName()) && el.getMethodName().equals("runTask")) {
                task = i;
                break; // the innermost task: frames 0..i-1 are its own
            }
        }
        for (int i = task - 1; i >= 0; i--) {
            if (!isMachinery(stack[i].getClassName())) {
                StackTraceElement el = stack[i];
                return el.getClassName() + "." + el.getMethodName();
            }
        }
        return null;
    }

    private static boolean isMachinery(String cls) {
        if (cls.startsWith("dev.loopcore.internal.") || cls.startsWith("java.") || cls.startsWith("jdk.")) return true;
        if (cls.contains("$$Lambda")) return true; // a lambda's trampoline: the next frame is its body or target
        if (!cls.startsWith("dev.loopcore.proxy.")) return false;
        String simple = cls.substring("dev.loopcore.proxy.".length());
        int nested = simple.indexOf('$');
        String outer = nested < 0 ? simple : simple.substring(0, nested);
        switch (outer) {
            case "ProxyOps": case "InterfaceProxy": case "GeneratedRelay": case "Proxy": case "Cell":
            case "Channel": case "Lifetime":
                return true;
            default:
                return false;
        }
    }

    static void reportCongestion(Watch w, long waited, long pending) {
        String name = w.loop.name;
        log("loop '" + name + "' congested: its oldest pending message has waited at least " + millis(waited)
                + " (congestion threshold " + millis(w.congestionNanos) + "); " + pending + " pending");
        CongestionEvent ev = new CongestionEvent();
        if (ev.shouldCommit()) {
            ev.loop = name;
            ev.oldestWaited = waited;
            ev.pending = pending;
            ev.threshold = w.congestionNanos;
            ev.commit();
        }
    }

    private static void log(String report) {
        LOG.log(System.Logger.Level.WARNING, report);
        Consumer<String> l = listener;
        if (l != null) l.accept(report);
    }

    private static String millis(long nanos) {
        return (nanos / 1_000_000L) + " ms";
    }
}
