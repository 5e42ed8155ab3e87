package dev.loopcore;

/**
 * A loop run by a thread the application already owns, typically its main thread.
 *
 * <p>Threading: {@link #runPending()} and {@link #runUntilClosed()} may be called only on the thread
 * that created the loop (else {@link WrongLoopException}); everything else, like posting, from any
 * thread. While the creating thread is inside one of them, {@link MessageLoop#current()} on it is
 * this loop.
 */
public interface DrivenLoop extends MessageLoop {
    /** Runs the tasks that are due now (not the ones they post); returns how many ran. */
    int runPending();

    /** Runs tasks, idling when there are none, until {@link #close()}; then finishes closing. */
    void runUntilClosed();
}
