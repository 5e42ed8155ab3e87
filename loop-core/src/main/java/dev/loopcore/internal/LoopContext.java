package dev.loopcore.internal;

import dev.loopcore.MessageLoop;

/**
 * Per-thread state: the loop this thread is running a task of (for {@link MessageLoop#current()}), the
 * call chain of that task (inherited by every message it posts), and this thread's cache of free
 * {@link Message}s.
 *
 * <p>Threading: confined to its thread; never published.
 */
public final class LoopContext {
    private static final ThreadLocal<LoopContext> OTHER_THREADS = ThreadLocal.withInitial(LoopContext::new);

    LoopCore loop;
    ReplyImpl<?> chain;
    /** The message this thread is running now (inside nested awaits: the innermost), or null. */
    Message running;
    final Message[] free = new Message[MessagePool.LOCAL_MAX];
    int freeCount;
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

    LoopContext() {
    }

    public static LoopContext current() {
        Thread t = Thread.currentThread();
        if (t instanceof LoopThread) return ((LoopThread) t).context;
        return OTHER_THREADS.get();
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
