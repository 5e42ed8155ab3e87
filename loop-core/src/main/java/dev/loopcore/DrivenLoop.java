package dev.loopcore;

/**
 * A loop run by a thread the application already owns, typically its main thread.
 *
 * <p>Threading: {@link #runPending()} and {@link #runUntilClosed()} may be called only on the thread
 * that created the loop (else {@link WrongLoopException}); everything else, like posting, from any
 * thread. While the creating thread is inside one of them, {@link MessageLoop#current()} on it is
 * this loop. Between those calls the creating thread is still the loop's own: it never waits for room
 * in the loop's own {@code BOUNDED} mailbox.
 *
 * <p>Not guaranteed: the loop runs only inside those calls. A {@code reply.await()} by the creating
 * thread outside them parks without running the loop, so a call whose completion needs this loop (a
 * callback it must run, or room in its {@code BOUNDED} mailbox for the callee's posts) does not
 * complete: await inside a task of the loop instead (its nested loop runs what the call causes), or
 * use {@code then} and keep pumping.
 */
public interface DrivenLoop extends MessageLoop {
    /**
     * Runs the tasks that are due now (not the ones they post), due delayed tasks and callbacks;
     * returns how many of those ran (internal bookkeeping is not counted).
     *
     * @return how many tasks, delayed tasks and callbacks ran; 0 once the loop has terminated
     * @throws WrongLoopException on a thread other than the one that created the loop
     */
    int runPending();

    /**
     * Runs tasks, idling when there are none, until {@link #close()}; then finishes closing.
     *
     * @throws WrongLoopException on a thread other than the one that created the loop
     */
    void runUntilClosed();
}
