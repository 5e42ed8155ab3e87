package dev.loopcore;

/**
 * A handle to a delayed or repeating task.
 *
 * <p>Threading: {@link #cancel()} may be called from any thread, any number of times.
 */
public interface Cancellable {
    /**
     * Cancels the task. If it returns true, the task will not run again (a repeating task that is
     * running right now finishes that run) and the loop no longer references it.
     *
     * @return true if this call cancelled it; false if it already ran (one-shot), was cancelled, or
     *         its loop closed
     */
    boolean cancel();
}
