package dev.loopcore;

/**
 * Waiting would deadlock: the wait would close a cycle in the wait-for graph of loops. The message
 * names every loop of the cycle in wait-for order, e.g. {@code "A -> B -> A"}.
 */
public class DeadlockException extends ReplyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an await that would close {@code cycle}.
     *
     * @param cycle the loops of the cycle in wait-for order, e.g. {@code "A -> B -> A"}
     */
    public DeadlockException(String cycle) {
        super("await would deadlock: " + cycle, null);
    }
}
