package dev.loopcore.internal;

import dev.loopcore.MessageLoop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Per-thread state: the loop this thread is running a task of (for {@link MessageLoop#current()}), the
 * call chain of that task (inherited by every message it posts), and this thread's cache of free
 * {@link Message}s.
 *
 * <p>Virtual threads are many and short-lived, so their context keeps no message cache ({@link #free} is
 * null: they take and return messages one at a time through {@link MessagePool}'s shared queue, and
 * nothing pooled is lost when one ends) unless the thread runs loops ({@link #runner()}: a loop thread made by
 * a virtual-thread factory, a driven loop's owner, a simulation's driver), and an await of a reply from one parks without spinning first ({@link #virtual}):
 * parking a virtual thread only unmounts it, while spinning would hold its carrier. (A producer waiting
 * for room in a full BOUNDED mailbox backs off as on any thread: spins, yields, then parks.)
 *
 * <p>Threading: confined to its thread; never published.
 */
public final class LoopContext {
    private static final ThreadLocal<LoopContext> OTHER_THREADS =
            ThreadLocal.withInitial(() -> new LoopContext(isVirtual(Thread.currentThread())));
    /**
     * Set once some thread other than loopcore's own {@link LoopThread}s has become a runner of loops
     * ({@link #runner()}: a driven loop's owner, a simulation's driver, a thread from a custom thread
     * factory). Until then a thread that is not a LoopThread runs no task, so it is in no call chain and
     * on no loop, and a post from it needs no {@link ThreadLocal} lookup ({@link #ifRunner}). Only the
     * runner's own write matters to its own posts (program order), so the flag never needs resetting
     * for correctness; it stays set, and plain threads then look their context up as before.
     */
    private static volatile boolean foreignRunners;
    /** {@code Thread.isVirtual()} (JDK 21+), looked up once; null on JDKs without virtual threads. */
    private static final MethodHandle IS_VIRTUAL = lookUpIsVirtual();

    LoopCore loop;
    ReplyImpl<?> chain;
    /** The message this thread is running now (inside nested awaits: the innermost), or null. */
    Message running;
    /** This thread's stack of free messages; null on a virtual thread that runs no loop (see the class doc). */
    Message[] free;
    int freeCount;
    /** True on a virtual thread: waits park at once, messages come from the shared queue. */
    final boolean virtual;
    /** Loops whose await is suspended lower on this thread's stack, innermost first (see PooledLoop.lend). */
    PooledLoop suspendedTop;
    /** The simulation this thread drives, or null. */
    SimScheduler simulation;
    /** An interrupt {@link Wait#park} cleared, to be restored when the library's wait ends. */
    boolean interrupted;
    /** The pool worker this thread is, or null. */
    Pool.Worker worker;
    /** Messages run / failed since the loop's counters were last flushed (once per batch). */
    long ran;
    long failed;
    /** Tasks, callbacks and delayed tasks run since the last flush (what runPending() counts; see LoopRunner). */
    long visible;

    LoopContext(boolean virtual) {
        this.virtual = virtual;
        this.free = virtual ? null : new Message[MessagePool.LOCAL_MAX];
    }

    private static MethodHandle lookUpIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17-20: no virtual threads
        }
    }

    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) return false;
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public static LoopContext current() {
        Thread t = Thread.currentThread();
        if (t instanceof LoopThread) return ((LoopThread) t).context;
        return OTHER_THREADS.get();
    }

    /**
     * The calling thread's context if it may be running a loop's task, else null: null only for a thread
     * that is not a LoopThread while no other thread has become a runner ({@link #foreignRunners}). The
     * post path uses it: a plain producer thread then pays one type check and one load, no ThreadLocal.
     */
    static LoopContext ifRunner() {
        Thread t = Thread.currentThread();
        if (t instanceof LoopThread) return ((LoopThread) t).context;
        return foreignRunners ? OTHER_THREADS.get() : null;
    }

    /** The calling thread's context, as a thread that is about to run loops' messages: with a message cache. */
    static LoopContext runner() {
        if (!foreignRunners && !(Thread.currentThread() instanceof LoopThread)) foreignRunners = true;
        LoopContext ctx = current();
        if (ctx.free == null) ctx.free = new Message[MessagePool.LOCAL_MAX];
        return ctx;
    }

    /**
     * This thread starts running {@code l}'s messages, nested in whatever loop it ran ({@link #loop}). The
     * per-thread counts gathered so far ({@link #ran}, {@link #failed}, {@link #visible}) belong to that
     * outer loop and are flushed into it first. Returns the outer loop, for {@link #leave}. Every switch of
     * {@link #loop} on a thread goes through this pair, so counts never move between loops.
     */
    LoopCore enter(LoopCore l) {
        LoopCore outer = loop;
        if (outer != null) outer.runner.flushCounters(this);
        loop = l;
        return outer;
    }

    /** This thread stops running {@code l}'s messages: its counts are flushed into it; {@code outer} runs again. */
    void leave(LoopCore l, LoopCore outer) {
        l.runner.flushCounters(this);
        loop = outer;
    }

    /** A deadline {@code timeout} from now on this thread's clock: its loop's, its simulation's, or the system's. */
    long deadline(java.time.Duration timeout) {
        if (loop != null) return loop.deadlineAfter(timeout);
        if (simulation != null) return simulation.deadlineAfter(timeout);
        return Wait.deadline(timeout);
    }

    public MessageLoop loop() {
        return loop;
    }

    LoopCore loopCore() {
        return loop;
    }

    ReplyImpl<?> chain() {
        return chain;
    }

    /** The message whose task this thread is running right now, or null; for the proxy module. */
    public Message running() {
        return running;
    }
}
